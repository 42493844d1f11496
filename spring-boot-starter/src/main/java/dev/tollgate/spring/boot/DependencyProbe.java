package dev.tollgate.spring.boot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One outbound dependency of the gate, probed for the health endpoint. What it reports is safe to
 * show: the dependency's origin ({@code scheme://host:port}), never its path, query or user info,
 * and the kind of failure, never an exception message (which may quote a URL).
 */
final class DependencyProbe {
  /** Long enough for a slow authorization server, short enough that a health check never hangs. */
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final String name;
  private final URI uri;
  private final boolean needsOk;

  /**
   * @param needsOk whether only a 2xx counts as up (a JWK set must be served); otherwise any answer
   *     below 500 does (an introspection endpoint refuses a probe without credentials)
   */
  DependencyProbe(String name, URI uri, boolean needsOk) {
    this.name = name;
    this.uri = uri;
    this.needsOk = needsOk;
  }

  String name() {
    return name;
  }

  /**
   * {@code status} ({@code UP} or {@code DOWN}), {@code endpoint} and, when down, {@code error}.
   */
  Map<String, Object> probe(HttpClient client) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("endpoint", origin(uri));
    String error;
    try {
      HttpResponse<Void> response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      boolean up = needsOk ? status >= 200 && status < 300 : status < 500;
      error = up ? null : "HTTP " + status;
    } catch (IOException e) {
      error = e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    }
    details.put("status", error == null ? "UP" : "DOWN");
    if (error != null) {
      details.put("error", error);
    }
    return details;
  }

  static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }
}
