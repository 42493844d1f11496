package dev.tollgate.spring.boot;

import dev.tollgate.TollgatePrincipal;
import dev.tollgate.servlet.TollgateFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs right after the {@link TollgateFilter} on the MCP paths: a request it admitted carries a
 * {@link TollgateAuthentication} in the {@link SecurityContextHolder} for the rest of the chain
 * (tool methods included), and nothing afterwards. Spring Security's own chain is told to leave
 * these paths to Tollgate, so there is no second authentication and no CSRF check on them (a Bearer
 * credential is not sent by browsers on their own).
 */
final class SecurityContextFilter extends OncePerRequestFilter {
  private final SecurityContextHolderStrategy holder =
      SecurityContextHolder.getContextHolderStrategy();

  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<TollgatePrincipal> principal = TollgateFilter.principal(request);
    if (principal.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    SecurityContext previous = holder.getContext();
    SecurityContext context = holder.createEmptyContext();
    context.setAuthentication(new TollgateAuthentication(principal.get()));
    holder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      holder.clearContext();
      if (previous.getAuthentication() != null) {
        holder.setContext(previous);
      }
    }
  }
}
