package dev.tollgate.spring.example;

import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.entitlement.Account;
import dev.tollgate.example.demo.DemoAccounts;
import dev.tollgate.metadata.WellKnown;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Issues each demo account an API key at start-up and prints them, one line per account in the
 * format scripts parse, {@code API key for <account id>: <key>}, with the server's URLs.
 */
@Component
class DemoKeys implements ApplicationRunner {
  private final ApiKeyService keys;
  private final TollgateSettings settings;
  private final Map<String, Optional<String>> issued = new LinkedHashMap<>();

  DemoKeys(ApiKeyService keys, TollgateSettings settings) {
    this.keys = keys;
    this.settings = settings;
  }

  @Override
  public void run(ApplicationArguments args) {
    for (Account account : DemoAccounts.ACCOUNTS) {
      issued.put(account.id(), DemoAccounts.issueKey(keys, account.id()));
    }
    print(System.out);
  }

  /** The demo API key of {@code accountId}, once issued. */
  Optional<String> key(String accountId) {
    return issued.getOrDefault(accountId, Optional.empty());
  }

  private void print(PrintStream out) {
    out.println("Tollgate Spring example MCP server: " + settings.resource());
    out.println("Protected resource metadata: " + WellKnown.metadataUrl(settings.resource()));
    out.println("Authorization server: " + settings.issuer());
    issued.forEach(
        (account, key) ->
            out.println(
                key.map(value -> "API key for " + account + ": " + value)
                    .orElse(
                        "No API key for " + account + ": the account is not eligible for one")));
    out.flush();
  }
}
