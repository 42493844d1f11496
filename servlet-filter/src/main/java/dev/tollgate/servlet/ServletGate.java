package dev.tollgate.servlet;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.gate.McpAwareGate;
import dev.tollgate.ratelimit.TrustedProxies;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import org.jspecify.annotations.Nullable;

/**
 * The servlet side of {@link McpAwareGate}: the request seen as a {@link RequestView} and a body
 * the gate may read, and a body that was read replayed to the application through {@link
 * ReplayedBodyRequest}.
 */
final class ServletGate {

  /** What to do with the request, and the request the application gets if it is allowed. */
  record Outcome(Decision decision, HttpServletRequest request) {}

  private final McpAwareGate gate;
  private final TrustedProxies proxies;

  ServletGate(McpAwareGate gate, TrustedProxies proxies) {
    this.gate = gate;
    this.proxies = proxies;
  }

  Outcome decide(HttpServletRequest http) {
    McpAwareGate.Outcome outcome =
        gate.decide(new ServletRequestView(http, proxies), new ServletBody(http));
    byte[] body = outcome.body();
    Charset charset = outcome.charset();
    // Only an allowed request reaches the application, so only it needs the body replayed.
    return new Outcome(
        outcome.decision(),
        outcome.decision() instanceof Decision.Allow && body != null && charset != null
            ? new ReplayedBodyRequest(http, body, charset)
            : http);
  }

  private record ServletBody(HttpServletRequest http) implements McpAwareGate.Body {
    @Override
    public @Nullable String contentType() {
      return http.getContentType();
    }

    @Override
    public long contentLength() {
      return http.getContentLengthLong();
    }

    @Override
    public InputStream open() throws IOException {
      return http.getInputStream();
    }
  }
}
