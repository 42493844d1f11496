package dev.tollgate.spring.boot;

import dev.tollgate.gate.Tollgate;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * With Spring Security: a caller Tollgate admitted is the {@code Authentication} ({@link
 * TollgateAuthentication}, authorities {@code SCOPE_<scope>}) while its request runs, so method
 * security and {@link SecurityContextHolder} work in tool methods; Spring Security's filter chain
 * leaves the MCP paths to Tollgate, which has already authenticated them.
 */
@AutoConfiguration(after = TollgateAutoConfiguration.class)
@ConditionalOnClass({SecurityContextHolder.class, WebSecurityCustomizer.class})
@ConditionalOnBean(Tollgate.class)
public final class TollgateSecurityAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "tollgateSecurityContextRegistration")
  FilterRegistrationBean<SecurityContextFilter> tollgateSecurityContextRegistration(
      Tollgate tollgate, Environment environment) {
    FilterRegistrationBean<SecurityContextFilter> registration =
        new FilterRegistrationBean<>(new SecurityContextFilter());
    registration.setName("tollgateSecurityContext");
    registration.setAsyncSupported(true);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
    registration.setUrlPatterns(
        TollgateAutoConfiguration.mcpPaths(tollgate, environment).endpointUrlPatterns());
    registration.setOrder(TollgateAutoConfiguration.FILTER_ORDER + 1);
    return registration;
  }

  @Bean
  WebSecurityCustomizer tollgateWebSecurityCustomizer(Tollgate tollgate, Environment environment) {
    String[] paths =
        TollgateAutoConfiguration.mcpPaths(tollgate, environment)
            .endpointPathPatterns()
            .toArray(String[]::new);
    return web -> web.ignoring().requestMatchers(paths);
  }
}
