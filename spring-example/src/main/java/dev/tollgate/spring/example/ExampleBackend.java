package dev.tollgate.spring.example;

import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.account.credits.CreditLedger;
import dev.tollgate.account.credits.PurchasedCredits;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.entitlement.AccountEntitlementPolicy;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.example.demo.DemoAccounts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The product behind the gate, as beans: the credit ledger, the accounts (plan and purchased
 * credits), the entitlement rule the starter picks up (a paid plan or purchased credits; {@code
 * enterprise_report} for the enterprise plan only) and the API key service over the starter's key
 * store ({@code tollgate.store}).
 */
@Configuration(proxyBeanMethods = false)
class ExampleBackend {

  @Bean
  CreditLedger creditLedger() {
    CreditLedger ledger = CreditLedger.inMemory();
    DemoAccounts.seedCredits(ledger);
    return ledger;
  }

  @Bean
  AccountDirectory accountDirectory(CreditLedger ledger) {
    return PurchasedCredits.directory(AccountDirectory.inMemory(DemoAccounts.ACCOUNTS), ledger);
  }

  @Bean
  AccountEntitlementPolicy entitlementPolicy(AccountDirectory accounts) {
    return AccountEntitlementPolicy.builder()
        .directory(accounts)
        .toolRequiresPlan(ExampleTools.ENTERPRISE_REPORT, Plan.ENTERPRISE)
        .build();
  }

  @Bean
  ApiKeyService apiKeyService(ApiKeyStore store, AccountEntitlementPolicy entitlement) {
    return ApiKeyService.builder(store).eligibility(entitlement::checkAccount).build();
  }
}
