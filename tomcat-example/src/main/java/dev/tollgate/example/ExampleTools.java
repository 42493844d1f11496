package dev.tollgate.example;

import dev.tollgate.TollgatePrincipal;
import dev.tollgate.account.credits.Charge;
import dev.tollgate.account.credits.CreditLedger;
import dev.tollgate.entitlement.Account;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.example.demo.DemoAccounts;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The example's MCP tools. Each reads the caller from the transport context, where {@link
 * McpEndpoint} put the principal {@link dev.tollgate.servlet.TollgateFilter} resolved for this very
 * HTTP request, so a session id never carries an identity from one request to the next.
 */
final class ExampleTools {
  static final String ECHO = "echo";
  static final String WHOAMI = "whoami";
  static final String CHARGE_CREDITS = "charge_credits";
  static final String ENTERPRISE_REPORT = "enterprise_report";

  /** The most one call may charge: a typo must not empty an account. */
  static final long MAX_CHARGE = DemoAccounts.MAX_CHARGE;

  /** Echoed text is capped: the tool is a connectivity check, not a storage service. */
  static final int MAX_ECHO_LENGTH = 4_096;

  private final AccountDirectory accounts;
  private final CreditLedger ledger;

  ExampleTools(AccountDirectory accounts, CreditLedger ledger) {
    this.accounts = Objects.requireNonNull(accounts, "accounts == null");
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
  }

  List<SyncToolSpecification> specifications() {
    return List.of(
        tool(
            ECHO,
            "Echoes the given text back; needs no account data.",
            schema(
                Map.of("text", Map.of("type", "string", "maxLength", MAX_ECHO_LENGTH)),
                List.of("text")),
            this::echo),
        tool(
            WHOAMI,
            "Describes the authenticated caller: account, plan, client, scopes, credential kind.",
            schema(Map.of(), List.of()),
            this::whoami),
        tool(
            CHARGE_CREDITS,
            "Charges the caller's purchased credits (1 to " + MAX_CHARGE + ").",
            schema(
                Map.of(
                    "amount", Map.of("type", "integer", "minimum", 1, "maximum", MAX_CHARGE),
                    "idempotency_key",
                        Map.of(
                            "type",
                            "string",
                            "maxLength",
                            CreditLedger.MAX_IDEMPOTENCY_KEY_LENGTH)),
                List.of("amount")),
            this::chargeCredits),
        tool(
            ENTERPRISE_REPORT,
            "A usage report, for enterprise accounts only.",
            schema(Map.of(), List.of()),
            this::enterpriseReport));
  }

  private CallToolResult echo(McpSyncServerExchange exchange, CallToolRequest request) {
    Object text = request.arguments() == null ? null : request.arguments().get("text");
    if (!(text instanceof String value) || value.length() > MAX_ECHO_LENGTH) {
      return error("text must be a string of at most " + MAX_ECHO_LENGTH + " characters");
    }
    return CallToolResult.builder().addTextContent(value).build();
  }

  private CallToolResult whoami(McpSyncServerExchange exchange, CallToolRequest request) {
    Optional<TollgatePrincipal> caller = McpEndpoint.principal(exchange);
    if (caller.isEmpty()) {
      return error("No authenticated caller");
    }
    TollgatePrincipal principal = caller.get();
    Map<String, Object> who = new LinkedHashMap<>();
    who.put("account", principal.accountId());
    who.put(
        "plan", accounts.find(principal.accountId()).map(a -> a.plan().name()).orElse("unknown"));
    who.put("client", principal.clientId() == null ? "" : principal.clientId());
    who.put("scopes", principal.scopes().stream().sorted().toList());
    who.put("credential", principal.kind().name());
    who.put("credits", ledger.balance(principal.accountId()));
    return structured(who);
  }

  private CallToolResult chargeCredits(McpSyncServerExchange exchange, CallToolRequest request) {
    Optional<TollgatePrincipal> caller = McpEndpoint.principal(exchange);
    if (caller.isEmpty()) {
      return error("No authenticated caller");
    }
    Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
    if (!(args.get("amount") instanceof Number number)
        || number.doubleValue() != Math.rint(number.doubleValue())
        || number.longValue() < 1
        || number.longValue() > MAX_CHARGE) {
      return error("amount must be a whole number from 1 to " + MAX_CHARGE);
    }
    Object key = args.get("idempotency_key");
    if (key != null && !(key instanceof String)) {
      return error("idempotency_key must be a string");
    }
    String accountId = caller.get().accountId();
    Charge charge;
    try {
      charge = ledger.charge(accountId, number.longValue(), (String) key);
    } catch (IllegalArgumentException e) {
      return error("idempotency_key is too long or malformed");
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

  private CallToolResult enterpriseReport(McpSyncServerExchange exchange, CallToolRequest request) {
    Optional<TollgatePrincipal> caller = McpEndpoint.principal(exchange);
    if (caller.isEmpty()) {
      return error("No authenticated caller");
    }
    // The gate already refuses other plans with 403 entitlement_required; this check keeps the
    // tool safe where it is mounted without that rule (the WAR's filter is configured by web.xml).
    Optional<Account> account = accounts.find(caller.get().accountId());
    if (account.isEmpty() || !account.get().plan().isAtLeast(Plan.ENTERPRISE)) {
      return error("enterprise_report needs the enterprise plan");
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("account", account.get().id());
    report.put("plan", account.get().plan().name());
    report.put("credits", ledger.balance(account.get().id()));
    return structured(report);
  }

  private static SyncToolSpecification tool(
      String name,
      String description,
      Map<String, Object> inputSchema,
      BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
    return SyncToolSpecification.builder()
        .tool(Tool.builder(name, inputSchema).description(description).build())
        .callHandler(handler)
        .build();
  }

  private static Map<String, Object> schema(Map<String, Object> properties, List<String> required) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    schema.put("additionalProperties", false);
    return schema;
  }

  private static CallToolResult structured(Map<String, Object> content) {
    return CallToolResult.builder()
        .addTextContent(Json.write(content))
        .structuredContent(content)
        .build();
  }

  private static CallToolResult error(String message) {
    return CallToolResult.builder().addTextContent(message).isError(true).build();
  }
}
