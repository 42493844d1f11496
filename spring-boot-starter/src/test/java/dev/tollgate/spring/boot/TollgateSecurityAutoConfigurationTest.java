package dev.tollgate.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * {@link TollgateSecurityAutoConfiguration}: with Spring Security, a caller Tollgate admitted is
 * the {@code Authentication}, method security applies to it, and the rest of the application stays
 * under the application's own security; without Spring Security, none of it is needed.
 */
class TollgateSecurityAutoConfigurationTest extends RunningApplication {

  @Test
  void requestWhenAdmittedThenCallerIsTheAuthentication() {
    String token = ISSUER.token().subject("demo-pro").scopes("mcp").sign();

    HttpResponse<String> response = Http.post(port, "/mcp", token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("demo-pro demo-pro");
  }

  @Test
  void preAuthorizeWhenScopeGrantedThenMethodRuns() {
    String token = ISSUER.token().subject("demo-pro").scopes("mcp", "mcp:credits").sign();

    HttpResponse<String> response = Http.post(port, "/mcp/credits", token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("charged demo-pro");
  }

  @Test
  void preAuthorizeWhenScopeMissingThenMethodRefused() {
    String token = ISSUER.token().subject("demo-pro").scopes("mcp").sign();

    HttpResponse<String> response = Http.post(port, "/mcp/credits", token);

    assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
    assertThat(response.body()).doesNotContain("charged");
  }

  @Test
  void otherPathWhenNoCredentialThenApplicationSecurityStillApplies() {
    HttpResponse<String> response = Http.get(port, "/private");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .noneMatch(value -> value.contains("resource_metadata"));
  }

  @Test
  void startWhenSpringSecurityAbsentThenGateWithoutSecurityIntegration() {
    new WebApplicationContextRunner()
        .withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
        .withConfiguration(
            AutoConfigurations.of(
                TollgateAutoConfiguration.class, TollgateSecurityAutoConfiguration.class))
        .withPropertyValues(
            "tollgate.resource=" + RESOURCE,
            "tollgate.issuer=" + ISSUER.issuer(),
            "tollgate.jwks-uri=" + ISSUER.jwksUri())
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasBean(TollgateAutoConfiguration.FILTER_REGISTRATION);
              assertThat(context).doesNotHaveBean("tollgateSecurityContextRegistration");
            });
  }
}
