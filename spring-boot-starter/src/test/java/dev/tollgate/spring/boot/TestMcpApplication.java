package dev.tollgate.spring.boot;

import dev.tollgate.TollgatePrincipal;
import dev.tollgate.servlet.TollgateFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring MVC application standing in for an MCP server: {@code POST /mcp} answers who called, as
 * the filter and as Spring Security see it; {@code POST /mcp/credits} is guarded by method
 * security; {@code GET /private} is an ordinary page the application's own security protects.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
@Import({TestMcpApplication.Endpoint.class, TestMcpApplication.Credits.class})
class TestMcpApplication {

  @RestController
  static class Endpoint {
    private final Credits credits;

    Endpoint(Credits credits) {
      this.credits = credits;
    }

    @PostMapping("/mcp")
    String call(HttpServletRequest request) {
      String account =
          TollgateFilter.principal(request).map(TollgatePrincipal::accountId).orElse("-");
      Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
      String name = authentication == null ? "-" : authentication.getName();
      return account + " " + name;
    }

    @PostMapping("/mcp/caller")
    String caller() {
      return TollgateCaller.current().map(TollgatePrincipal::accountId).orElse("-");
    }

    @PostMapping("/mcp/credits")
    String charge() {
      return credits.charge();
    }

    @GetMapping("/private")
    String privatePage() {
      return "private";
    }
  }

  @Service
  static class Credits {
    @PreAuthorize("hasAuthority('SCOPE_mcp:credits')")
    public String charge() {
      return "charged " + SecurityContextHolder.getContext().getAuthentication().getName();
    }
  }
}
