package dev.tollgate.account.credits;

class InMemoryCreditLedgerTest extends CreditLedgerContract {
  private final CreditLedger ledger = CreditLedger.inMemory();

  @Override
  CreditLedger ledger() {
    return ledger;
  }
}
