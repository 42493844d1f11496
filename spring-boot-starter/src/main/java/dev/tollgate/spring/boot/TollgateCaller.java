package dev.tollgate.spring.boot;

import dev.tollgate.TollgatePrincipal;
import dev.tollgate.servlet.TollgateFilter;
import java.util.Optional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The caller Tollgate admitted for the current request, wherever the request is not at hand — in a
 * Spring AI tool method, say, which a servlet MCP server runs on the request's thread. Works with
 * or without Spring Security (with it, the caller is also the {@link TollgateAuthentication}).
 */
public final class TollgateCaller {
  private TollgateCaller() {}

  /**
   * The current request's {@link TollgatePrincipal}; empty outside a request the filter allowed.
   */
  public static Optional<TollgatePrincipal> current() {
    return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
        ? TollgateFilter.principal(servlet.getRequest())
        : Optional.empty();
  }
}
