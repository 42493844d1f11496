package dev.tollgate.entitlement;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds accounts by id: the account store behind the entitlement gate.
 *
 * <p>Implementations answer {@link Optional#empty()} for an unknown account and throw {@link
 * dev.tollgate.DependencyUnavailableException} when the store cannot answer, so an outage is a 503
 * and never a refusal or an admission.
 */
@FunctionalInterface
public interface AccountDirectory {

  /**
   * The account with id {@code accountId}, or empty when there is none.
   *
   * @throws dev.tollgate.DependencyUnavailableException when the store cannot answer
   */
  Optional<Account> find(String accountId);

  /** A fixed directory of {@code accounts}, for tests and small deployments. */
  static AccountDirectory inMemory(Collection<Account> accounts) {
    Map<String, Account> byId =
        accounts.stream().collect(Collectors.toUnmodifiableMap(Account::id, Function.identity()));
    return accountId -> Optional.ofNullable(byId.get(accountId));
  }

  /** A fixed directory of {@code accounts}. */
  static AccountDirectory inMemory(Account... accounts) {
    return inMemory(Arrays.asList(accounts));
  }
}
