package dev.tollgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.cache.CachingCredentialResolver;
import dev.tollgate.gate.Tollgate;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code micrometer-core} is an optional dependency: only {@code dev.tollgate.metrics} may refer to
 * it, so an application without it can use everything else.
 */
class MicrometerIsOptionalTest {

  @Test
  void compiledClassesWhenOutsideMetricsPackageThenNoReferenceToMicrometer() throws IOException {
    Path classes = location(Tollgate.class);
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file :
          (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        if (name.startsWith("dev/tollgate/metrics/")) {
          continue;
        }
        scanned++;
        // Constant-pool strings are modified UTF-8, identical to ISO-8859-1 for ASCII names: a
        // type, descriptor, signature or Class.forName string naming Micrometer shows up here.
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        if (text.contains("io/micrometer") || text.contains("io.micrometer")) {
          offenders.add(name);
        }
      }
    }

    assertTrue(scanned > 50, "scanned only " + scanned + " class files under " + classes);
    assertEquals(List.of(), offenders);
  }

  @Test
  void compiledClassesWhenInMetricsPackageThenTheyDoReferToMicrometer() throws IOException {
    // Proves the scan above can see a reference when there is one.
    Path counter = location(Tollgate.class).resolve("dev/tollgate/metrics/DecisionCounter.class");

    String text = new String(Files.readAllBytes(counter), StandardCharsets.ISO_8859_1);

    assertTrue(text.contains("io/micrometer"));
  }

  @Test
  void gateWhenMicrometerHiddenFromClassLoaderThenBuildsAndDecides() throws Exception {
    Set<URL> urls = new LinkedHashSet<>();
    for (Class<?> type :
        List.of(
            Tollgate.class,
            MicrometerIsOptionalTest.class,
            com.github.benmanes.caffeine.cache.Caffeine.class,
            com.nimbusds.jwt.JWT.class,
            com.fasterxml.jackson.databind.ObjectMapper.class,
            com.fasterxml.jackson.core.JsonFactory.class,
            com.fasterxml.jackson.annotation.JsonProperty.class,
            org.slf4j.Logger.class,
            org.jspecify.annotations.NullMarked.class)) {
      urls.add(location(type).toUri().toURL());
    }
    for (URL url : urls) {
      assertFalse(url.toString().contains("micrometer"), url.toString());
    }

    // The platform loader as parent: nothing from the test's own class path leaks in.
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThrows(
          ClassNotFoundException.class,
          () -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"));
      Class<?> gate = Class.forName(GateWithoutMicrometer.class.getName(), true, loader);
      assertTrue(gate.getClassLoader() == loader, "loaded from the test class path instead");

      @SuppressWarnings("unchecked")
      Supplier<String> run = (Supplier<String>) gate.getDeclaredConstructor().newInstance();

      assertEquals("Allow Challenge Allow", run.get());
    }
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds and uses a gate with a cache and a listener; loaded where Micrometer cannot be seen. */
  public static final class GateWithoutMicrometer implements Supplier<String> {
    @Override
    public String get() {
      Tollgate gate =
          Tollgate.builder()
              .resource(URI.create("https://mcp.example.com/mcp"))
              .resolver(
                  CachingCredentialResolver.of(
                      credential ->
                          credential.value().equals("good")
                              ? Resolution.resolved(TollgatePrincipal.builder("acct-1").build())
                              : Resolution.invalid("The access token has expired")))
              .decisionListener(event -> {})
              .build();
      StringBuilder outcomes = new StringBuilder();
      for (String token : List.of("good", "bad", "good")) {
        Decision decision =
            gate.decide(
                RequestView.of(
                    "POST", "/mcp", Map.of("Authorization", List.of("Bearer " + token)), null));
        outcomes
            .append(outcomes.length() == 0 ? "" : " ")
            .append(decision.getClass().getSimpleName());
      }
      return outcomes.toString();
    }
  }
}
