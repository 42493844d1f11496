package dev.tollgate.account.credits;

/**
 * The outcome of {@link CreditLedger#charge(String, long, String)}.
 *
 * @param accepted whether the amount was taken; a refused charge changes nothing
 * @param balance the balance after the charge, or the unchanged balance when refused
 * @param replayed whether this repeats an earlier accepted charge with the same idempotency key,
 *     which was not taken a second time
 */
public record Charge(boolean accepted, long balance, boolean replayed) {

  public static Charge accepted(long balance) {
    return new Charge(true, balance, false);
  }

  public static Charge refused(long balance) {
    return new Charge(false, balance, false);
  }

  static Charge replayed(long balance) {
    return new Charge(true, balance, true);
  }
}
