package dev.tollgate.spring.boot;

import dev.tollgate.TollgatePrincipal;
import dev.tollgate.servlet.TollgateFilter;
import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The caller Tollgate admitted for the current request, wherever the request is not at hand — in
 * a Spring AI tool method, say, which a servlet MCP server runs on the request's thread. Works with
 * or without Spring Security (with it, the caller is also the {@link TollgateAuthentication}).
 */
public final class TollgateCaller {
  private TollgateCaller() {}

  /** The current request's {@link TollgatePrincipal}; empty outside a request the filter allowed. */
  public static Optional<TollgatePrincipal> current() {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    if (attributes == null) {
      return Optional.empty();
    }
    Object value = attributes.getAttribute(TollgateFilter.PRINCIPAL_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    return value instanceof TollgatePrincipal principal ? Optional.of(principal) : Optional.empty();
  }
}
