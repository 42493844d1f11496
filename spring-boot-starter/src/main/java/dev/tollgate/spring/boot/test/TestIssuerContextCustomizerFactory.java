package dev.tollgate.spring.boot.test;

import dev.tollgate.testing.LocalIssuer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Applies {@link AutoConfigureTollgateTestIssuer}: one local issuer per application context. */
final class TestIssuerContextCustomizerFactory implements ContextCustomizerFactory {
  /** The bean name of the {@link LocalIssuer}. */
  static final String BEAN_NAME = "tollgateTestIssuer";

  @Override
  public @Nullable ContextCustomizer createContextCustomizer(
      Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
    return TestContextAnnotationUtils.hasAnnotation(
            testClass, AutoConfigureTollgateTestIssuer.class)
        ? new IssuerCustomizer()
        : null;
  }

  /** Equal to every other, so tests with the annotation share a cached context. */
  private static final class IssuerCustomizer implements ContextCustomizer {
    @Override
    public void customizeContext(
        ConfigurableApplicationContext context, MergedContextConfiguration config) {
      ConfigurableEnvironment environment = context.getEnvironment();
      String resource = environment.getProperty("tollgate.resource");
      LocalIssuer issuer =
          resource == null || resource.isBlank()
              ? LocalIssuer.start()
              : LocalIssuer.start(URI.create(resource));
      environment
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  BEAN_NAME,
                  Map.of(
                      "tollgate.issuer",
                      issuer.issuer().toString(),
                      "tollgate.jwks-uri",
                      issuer.jwksUri().toString())));
      context.getBeanFactory().registerSingleton(BEAN_NAME, issuer);
      context.addApplicationListener(new CloseWithContext(issuer));
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof IssuerCustomizer;
    }

    @Override
    public int hashCode() {
      return IssuerCustomizer.class.hashCode();
    }
  }

  private record CloseWithContext(LocalIssuer issuer)
      implements ApplicationListener<ApplicationEvent> {
    @Override
    public void onApplicationEvent(ApplicationEvent event) {
      if (event instanceof ContextClosedEvent) {
        issuer.close();
      }
    }
  }
}
