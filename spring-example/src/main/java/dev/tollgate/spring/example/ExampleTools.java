package dev.tollgate.spring.example;

import dev.tollgate.TollgatePrincipal;
import dev.tollgate.account.credits.Charge;
import dev.tollgate.account.credits.CreditLedger;
import dev.tollgate.entitlement.Account;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.example.demo.DemoAccounts;
import dev.tollgate.spring.boot.TollgateAuthentication;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The example's MCP tools, declared the Spring AI way. Each reads the caller from Spring Security's
 * context, where the starter put the principal Tollgate resolved for this very HTTP request (Spring
 * AI runs tool calls of a servlet server on the request's thread).
 *
 * <p>{@code charge_credits} is guarded by method security ({@code SCOPE_mcp:credits}); {@code
 * enterprise_report} by the gate's entitlement rule (enterprise plan), which refuses other callers
 * with 403 before the tool runs.
 */
@Component
public class ExampleTools {
  static final String ENTERPRISE_REPORT = "enterprise_report";

  /** The most one call may charge: a typo must not empty an account. */
  static final long MAX_CHARGE = DemoAccounts.MAX_CHARGE;

  /** Echoed text is capped: the tool is a connectivity check, not a storage service. */
  static final int MAX_ECHO_LENGTH = 4_096;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AccountDirectory accounts;
  private final CreditLedger ledger;

  ExampleTools(AccountDirectory accounts, CreditLedger ledger) {
    this.accounts = accounts;
    this.ledger = ledger;
  }

  @McpTool(name = "echo", description = "Echoes the given text back; needs no account data.")
  public CallToolResult echo(
      @McpToolParam(description = "The text to echo", required = true) String text) {
    if (text.length() > MAX_ECHO_LENGTH) {
      return error("text must be at most " + MAX_ECHO_LENGTH + " characters");
    }
    return CallToolResult.builder().addTextContent(text).build();
  }

  @McpTool(
      name = "whoami",
      description =
          "Describes the authenticated caller: account, plan, client, scopes, credential kind.")
  public CallToolResult whoami() {
    TollgatePrincipal caller = caller();
    Map<String, Object> who = new LinkedHashMap<>();
    who.put("account", caller.accountId());
    who.put("plan", accounts.find(caller.accountId()).map(a -> a.plan().name()).orElse("unknown"));
    who.put("client", caller.clientId() == null ? "" : caller.clientId());
    who.put("scopes", caller.scopes().stream().sorted().toList());
    who.put("credential", caller.kind().name());
    who.put("credits", ledger.balance(caller.accountId()));
    return structured(who);
  }

  @McpTool(
      name = "charge_credits",
      description = "Charges the caller's purchased credits (1 to 1000); needs scope mcp:credits.")
  @PreAuthorize("hasAuthority('SCOPE_mcp:credits')")
  public CallToolResult chargeCredits(
      @McpToolParam(description = "Credits to charge, 1 to 1000", required = true) long amount,
      @McpToolParam(description = "Repeats with the same key charge once", required = false)
          @Nullable String idempotencyKey) {
    if (amount < 1 || amount > MAX_CHARGE) {
      return error("amount must be a whole number from 1 to " + MAX_CHARGE);
    }
    String accountId = caller().accountId();
    Charge charge;
    try {
      charge = ledger.charge(accountId, amount, idempotencyKey);
    } catch (IllegalArgumentException e) {
      return error("idempotencyKey is too long or malformed");
    }
    Map<String, Object> result = DemoAccounts.chargeResult(accountId, charge);
    if (!charge.accepted()) {
      return CallToolResult.builder()
          .addTextContent(DemoAccounts.notEnoughCredits(charge))
          .structuredContent(result)
          .isError(true)
          .build();
    }
    return structured(result);
  }

  @McpTool(name = ENTERPRISE_REPORT, description = "A usage report, for enterprise accounts only.")
  public CallToolResult enterpriseReport() {
    Optional<Account> account = accounts.find(caller().accountId());
    // The gate already refuses other plans with 403 entitlement_required; this keeps the tool safe
    // should that rule be removed.
    if (account.isEmpty() || !account.get().plan().isAtLeast(Plan.ENTERPRISE)) {
      return error("enterprise_report needs the enterprise plan");
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("account", account.get().id());
    report.put("plan", account.get().plan().name());
    report.put("credits", ledger.balance(account.get().id()));
    return structured(report);
  }

  /** The caller of this request, as the starter put it into Spring Security's context. */
  static TollgatePrincipal caller() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication instanceof TollgateAuthentication tollgate) {
      return tollgate.getPrincipal();
    }
    throw new IllegalStateException("No caller admitted by Tollgate");
  }

  private static CallToolResult structured(Map<String, Object> content) {
    return CallToolResult.builder()
        .addTextContent(JSON.writeValueAsString(content))
        .structuredContent(content)
        .build();
  }

  private static CallToolResult error(String message) {
    return CallToolResult.builder().addTextContent(message).isError(true).build();
  }
}
