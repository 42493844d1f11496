package dev.tollgate.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.account.credits.CreditLedger;
import dev.tollgate.example.demo.DemoAccounts;
import dev.tollgate.testing.check.CheckReport;
import dev.tollgate.testing.check.TollgateCheck;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The example over real HTTP with tokens from its development authorization server: Spring
 * Security's method rule on {@code charge_credits}, the gate's entitlement rule on {@code
 * enterprise_report}, the demo keys, and tollgate-check from outside.
 */
class SpringExampleApplicationTest extends RunningExample {
  private final McpHttp http = new McpHttp();

  @Autowired CreditLedger ledger;

  @Test
  void chargeCreditsWhenScopeMcpCreditsMissingThenMethodSecurityRefusesAndNothingIsCharged()
      throws Exception {
    String token = http.token(issuer(), DemoAccounts.ENTERPRISE, resource(), "mcp");
    long before = ledger.balance(DemoAccounts.ENTERPRISE);

    HttpResponse<String> response =
        http.callTool(resource(), token, "charge_credits", Map.of("amount", 5));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode reply = McpHttp.jsonRpc(response.body());
    boolean refused = reply.has("error") || reply.path("result").path("isError").asBoolean();
    assertThat(refused).as(response.body()).isTrue();
    assertThat(ledger.balance(DemoAccounts.ENTERPRISE)).isEqualTo(before);
  }

  @Test
  void chargeCreditsWhenScopeMcpCreditsGrantedThenCharged() throws Exception {
    String token = http.token(issuer(), DemoAccounts.PRO, resource(), "mcp mcp:credits");
    long before = ledger.balance(DemoAccounts.PRO);

    HttpResponse<String> response =
        http.callTool(resource(), token, "charge_credits", Map.of("amount", 5));

    JsonNode result = McpHttp.jsonRpc(response.body()).path("result");
    assertThat(result.path("isError").asBoolean()).as(response.body()).isFalse();
    assertThat(result.path("structuredContent").path("accepted").asBoolean())
        .as(response.body())
        .isTrue();
    assertThat(ledger.balance(DemoAccounts.PRO)).isEqualTo(before - 5);
  }

  @Test
  void enterpriseReportWhenProfessionalPlanThen403EntitlementRequired() throws Exception {
    String token = http.token(issuer(), DemoAccounts.PRO, resource(), "mcp");

    HttpResponse<String> response = http.callTool(resource(), token, "enterprise_report", Map.of());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("entitlement_required");
  }

  @Test
  void enterpriseReportWhenEnterprisePlanThenReport() throws Exception {
    String token = http.token(issuer(), DemoAccounts.ENTERPRISE, resource(), "mcp");

    HttpResponse<String> response = http.callTool(resource(), token, "enterprise_report", Map.of());

    JsonNode result = McpHttp.jsonRpc(response.body()).path("result");
    assertThat(result.path("structuredContent").path("plan").asText())
        .as(response.body())
        .isEqualTo("enterprise");
  }

  @Test
  void demoKeysWhenStartedThenEligibleAccountsHoldOne() {
    assertThat(demoKeys.key(DemoAccounts.PRO)).isPresent();
    assertThat(demoKeys.key(DemoAccounts.CREDITS)).isPresent();
    assertThat(demoKeys.key(DemoAccounts.FREE)).isEmpty();
  }

  @Test
  void tollgateCheckWhenRunAgainstExampleThenEveryCheckPasses() {
    CheckReport report =
        TollgateCheck.against(resource())
            .clientCredentials(DemoAccounts.PRO, "any-secret")
            .token(demoKeys.key(DemoAccounts.PRO).orElseThrow())
            .run();

    report.assertAllPassed();
  }
}
