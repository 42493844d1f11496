package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.ratelimit.PlanRequestLimiter;
import dev.tollgate.ratelimit.RateLimit;
import dev.tollgate.testsupport.TomcatServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request and concurrency limits through the filter in a real Tomcat: 429 with {@code Retry-After}
 * and the {@code RateLimit} fields, and concurrency slots that come back after synchronous,
 * streamed, failed, timed-out and abandoned responses.
 */
class TollgateFilterRequestLimitTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final Pattern LIMIT_FIELD = Pattern.compile("\"[a-z0-9_-]+\";r=\\d+;t=\\d+");
  private static final int BURST = 3;
  private static final int SLOTS = 2;

  private static TomcatServer server;
  private static HeldStreamServlet app;
  private static URI limited;
  private static URI capped;
  private static URI announced;

  @BeforeAll
  static void startTomcat() {
    app = new HeldStreamServlet();
    server =
        TomcatServer.start(
            (context, base) -> {
              limited = base.resolve("/limited");
              capped = base.resolve("/capped");
              announced = base.resolve("/announced");
              TomcatServer.servlet(context, "app", app, "/limited", "/capped", "/announced");
              TomcatServer.filter(
                  context,
                  "limited",
                  new TollgateFilter(
                      gate(
                          limited,
                          PlanRequestLimiter.builder()
                              .plan("free", RateLimit.parse(BURST + "/PT1H"))
                              .build())),
                  "/limited");
              TomcatServer.filter(
                  context,
                  "capped",
                  new TollgateFilter(
                      gate(
                          capped, PlanRequestLimiter.builder().concurrency("free", SLOTS).build())),
                  "/capped");
              TomcatServer.filter(
                  context,
                  "announced",
                  new TollgateFilter(
                      gate(
                          announced,
                          PlanRequestLimiter.builder()
                              .plan("free", RateLimit.parse("10/PT1M"))
                              .headersOnAllowed(true)
                              .build())),
                  "/announced");
            });
  }

  @AfterAll
  static void stopTomcat() {
    server.close();
  }

  /** Every token is an account on the free plan named by the token. */
  private static Tollgate gate(URI resource, PlanRequestLimiter limiter) {
    return Tollgate.builder()
        .resource(resource)
        .resolver(
            credential ->
                Resolution.resolved(
                    TollgatePrincipal.builder(credential.value())
                        .scopes(Set.of("mcp"))
                        .attributes(Map.of("plan", "free"))
                        .build()))
        .requiredScopes(Set.of("mcp"))
        .requestLimiter(limiter)
        .build();
  }

  @Test
  void doFilterWhenAccountSpentItsBurstThenTooManyRequestsWithFieldsAndOtherAccountUnaffected()
      throws Exception {
    for (int i = 0; i < BURST; i++) {
      HttpResponse<String> allowed = get(limited, "spender");
      assertEquals(200, allowed.statusCode());
      assertFalse(
          allowed.headers().firstValue("RateLimit").isPresent(), "fields only on 429 by default");
    }

    HttpResponse<String> refused = get(limited, "spender");
    HttpResponse<String> other = get(limited, "bystander");

    assertEquals(429, refused.statusCode());
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 3600, "Retry-After " + retryAfter);
    assertEquals(
        "\"free\";q=" + BURST + ";w=3600",
        refused.headers().firstValue("RateLimit-Policy").orElseThrow());
    String field = refused.headers().firstValue("RateLimit").orElseThrow();
    assertTrue(LIMIT_FIELD.matcher(field).matches() && field.contains(";r=0;"), field);
    assertFalse(refused.headers().firstValue("WWW-Authenticate").isPresent());
    assertEquals(
        "too_many_requests", new ObjectMapper().readTree(refused.body()).get("error").asText());
    assertEquals(200, other.statusCode());
  }

  @Test
  void doFilterWhenHeadersOnAllowedThenAllowedResponsesCarryRemaining() throws Exception {
    HttpResponse<String> first = get(announced, "watcher");
    HttpResponse<String> second = get(announced, "watcher");

    assertEquals(200, first.statusCode());
    assertEquals(
        "\"free\";q=10;w=60", first.headers().firstValue("RateLimit-Policy").orElseThrow());
    assertTrue(first.headers().firstValue("RateLimit").orElseThrow().startsWith("\"free\";r=9;"));
    assertTrue(second.headers().firstValue("RateLimit").orElseThrow().startsWith("\"free\";r=8;"));
  }

  @Test
  void doFilterWhenSlowStreamsHoldEverySlotThenTooManyRequestsUntilTheyComplete() throws Exception {
    List<Socket> streams = new ArrayList<>();
    try {
      openLiveStreams("streamer", streams);

      HttpResponse<String> refused = get(capped, "streamer");

      assertEquals(429, refused.statusCode());
      assertEquals(
          "\"free-concurrency\";q=" + SLOTS,
          refused.headers().firstValue("RateLimit-Policy").orElseThrow());
      assertEquals(
          "\"free-concurrency\";r=0;t=1", refused.headers().firstValue("RateLimit").orElseThrow());
      assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
      assertEquals(200, get(capped, "someone-else").statusCode());

      app.finish();
      int said = 0;
      for (Socket stream : streams) {
        said += saidGoodbye(stream) ? 1 : 0;
      }

      assertEquals(SLOTS, said, "every live stream ends normally");

      assertTrue(eventuallyAllowed("streamer"), "slots come back when the streams complete");
    } finally {
      for (Socket stream : streams) {
        stream.close();
      }
    }
  }

  @Test
  void doFilterWhenStreamingClientsDisconnectThenSlotsComeBack() throws Exception {
    for (int i = 0; i < SLOTS; i++) {
      openStream("leaver").close();
    }

    assertTrue(eventuallyAllowed("leaver"), "slots come back after the clients went away");
  }

  @Test
  void doFilterWhenApplicationFailsThenSlotComesBack() throws Exception {
    for (int i = 0; i < SLOTS + 2; i++) {
      assertEquals(500, get(URI.create(capped + "?mode=throw"), "failer").statusCode());
    }

    assertEquals(200, get(capped, "failer").statusCode());
  }

  @Test
  void doFilterWhenAsyncResponseTimesOutThenSlotComesBack() throws Exception {
    for (int i = 0; i < SLOTS + 2; i++) {
      assertTrue(get(URI.create(capped + "?mode=timeout"), "sleeper").statusCode() >= 500);
    }

    assertTrue(eventuallyAllowed("sleeper"));
  }

  /**
   * Opens held streams for {@code account} until {@link #SLOTS} are live by the application's own
   * count. Each opened stream ends up live or ended; one the container broke before it was live (on
   * busy machines a first flush occasionally failed with a broken pipe although the client had read
   * the event) gave its slot back, so another is opened in its place.
   */
  private static void openLiveStreams(String account, List<Socket> streams) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int accepted = 0;
    while (app.live(account) < SLOTS) {
      assertTrue(
          System.nanoTime() < deadline,
          "live streams: " + app.live(account) + ", ended: " + app.ended(account));
      Socket socket = tryOpenStream(account);
      if (socket == null) {
        // A broken stream's slot is given back when its request leaves the filter: soon.
        Thread.sleep(20);
        continue;
      }
      streams.add(socket);
      accepted++;
      while (app.live(account) + app.ended(account) < accepted && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }
  }

  /** Polls until a quick request of {@code account} is allowed; false after ten seconds. */
  private static boolean eventuallyAllowed(String account) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (get(capped, account).statusCode() == 200) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** Opens a held stream on a raw socket and waits for its first event, so its slot is taken. */
  private static Socket openStream(String account) throws IOException {
    Socket socket = tryOpenStream(account);
    assertTrue(socket != null, "stream refused");
    return socket;
  }

  /** {@link #openStream}, or null (the socket closed) when the gate refuses it with 429. */
  private static Socket tryOpenStream(String account) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(10_000);
    String request =
        "GET /capped?mode=hold HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + account
            + "\r\nAccept: text/event-stream\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String status = in.readLine();
    if (status != null && status.contains(" 429 ")) {
      socket.close();
      return null;
    }
    assertTrue(status != null && status.contains(" 200 "), "stream status: " + status);
    String line;
    while ((line = in.readLine()) != null) {
      if (line.equals("data: held")) {
        return socket;
      }
    }
    throw new IOException("stream ended before its first event");
  }

  /**
   * Reads {@code socket} until its stream's last event: true; false when it closes or resets before
   * that, as a stream the container broke does.
   */
  private static boolean saidGoodbye(Socket socket) {
    byte[] buffer = new byte[1024];
    String seen = "";
    try {
      InputStream in = socket.getInputStream();
      int read;
      while (!seen.contains("data: bye") && (read = in.read(buffer)) >= 0) {
        seen = seen + new String(buffer, 0, read, StandardCharsets.UTF_8);
        seen = seen.length() > 64 ? seen.substring(seen.length() - 64) : seen;
      }
    } catch (IOException closed) {
      return false;
    }
    return seen.contains("data: bye");
  }

  private static HttpResponse<String> get(URI uri, String token) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
