package dev.tollgate.testing.check;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sends the checker's requests with {@code java.net.http}: no redirects followed (a 3xx is itself
 * an answer to judge), bounded connect and request times, and bodies read up to {@link #MAX_BODY}
 * only, so a streaming (SSE) answer never holds a check up. Every response is remembered, so later
 * checks can judge answers that earlier ones provoked. Used by one thread at a time.
 */
final class Probe {
  /** Metadata documents are a few kilobytes; anything past this is not worth reading. */
  static final int MAX_BODY = 256 * 1024;

  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
          + "\"clientInfo\":{\"name\":\"tollgate-check\",\"version\":\"1\"}}}";

  private final HttpClient client;
  private final Duration timeout;
  private final List<HttpResult> seen = new ArrayList<>();

  Probe(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  Duration timeout() {
    return timeout;
  }

  /** A POST of the MCP {@code initialize} request to {@code endpoint} with extra headers. */
  HttpResult initialize(URI endpoint, Map<String, String> headers) {
    return send(endpoint, "POST", INITIALIZE, "application/json", headers, false);
  }

  /** A GET that reads the body (metadata, JSON documents). */
  HttpResult get(URI uri, Map<String, String> headers) {
    return send(uri, "GET", null, null, withAccept(headers), true);
  }

  /** A POST of a form (token requests), reading the body. */
  HttpResult postForm(URI uri, String form, Map<String, String> headers) {
    return send(uri, "POST", form, "application/x-www-form-urlencoded", withAccept(headers), true);
  }

  /** A DELETE, body ignored (closing an MCP session the checker opened). */
  HttpResult delete(URI uri, Map<String, String> headers) {
    return send(uri, "DELETE", null, null, headers, false);
  }

  /** Every response received so far, oldest first. */
  List<HttpResult> seen() {
    return List.copyOf(seen);
  }

  private static Map<String, String> withAccept(Map<String, String> headers) {
    if (headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Accept"))) {
      return headers;
    }
    Map<String, String> copy = new java.util.LinkedHashMap<>(headers);
    copy.put("Accept", "application/json");
    return copy;
  }

  private HttpResult send(
      URI uri,
      String method,
      @Nullable String body,
      @Nullable String contentType,
      Map<String, String> headers,
      boolean readBody) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (method.equals("POST")
        && body != null
        && contentType != null
        && contentType.equals("application/json")) {
      request.header("Accept", "application/json, text/event-stream");
    }
    headers.forEach(request::header);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    HttpResult result;
    try {
      HttpResponse<InputStream> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      String text = "";
      try (InputStream in = response.body()) {
        // An SSE stream may stay open; judge it by status and headers, and close it.
        if (readBody || !isEventStream(response)) {
          text = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        text = "";
      }
      result = new HttpResult(response.statusCode(), response.headers().map(), text, null);
    } catch (IOException e) {
      result = HttpResult.failed(e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = HttpResult.failed("interrupted");
    } catch (IllegalArgumentException e) {
      result =
          HttpResult.failed("request refused by the HTTP client: " + e.getClass().getSimpleName());
    }
    seen.add(result);
    return result;
  }

  private static boolean isEventStream(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Content-Type")
        .map(type -> type.toLowerCase(Locale.ROOT).startsWith("text/event-stream"))
        .orElse(false);
  }
}
