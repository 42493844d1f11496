package dev.tollgate.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@link TollgateCaller}: the admitted caller, read where the request is not at hand. */
class TollgateCallerTest extends RunningApplication {

  @Test
  void currentWhenRequestAdmittedThenCaller() {
    String token = ISSUER.token().subject("caller-account").scopes("mcp").sign();

    HttpResponse<String> response = Http.post(port, "/mcp/caller", token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("caller-account");
  }

  @Test
  void currentWhenNoRequestThenEmpty() {
    assertThat(TollgateCaller.current()).isEmpty();
  }
}
