package dev.tollgate.example.soak;

import dev.tollgate.example.soak.Referee.Verdict;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client thread: sends MCP {@code ping}s, each with a credential of a random kind and a session
 * id nobody opened, one at a time until the deadline or the request budget, and records each answer
 * with its verdict.
 */
final class SoakClient implements Runnable {
  /**
   * Longer than any answer the gate owes (its dependency timeouts are 2 s): no answer is a failure.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

  private final HttpClient http;
  private final URI resource;
  private final SoakCredentials credentials;
  private final Referee referee;
  private final SoakRecorder recorder;
  private final FlappingServer jwks;
  private final FlappingServer introspection;
  private final long startNanos;
  private final long deadlineNanos;

  SoakClient(
      HttpClient http,
      URI resource,
      SoakCredentials credentials,
      Referee referee,
      SoakRecorder recorder,
      FlappingServer jwks,
      FlappingServer introspection,
      long startNanos,
      long deadlineNanos) {
    this.http = http;
    this.resource = resource;
    this.credentials = credentials;
    this.referee = referee;
    this.recorder = recorder;
    this.jwks = jwks;
    this.introspection = introspection;
    this.startNanos = startNanos;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public void run() {
    while (System.nanoTime() < deadlineNanos
        && !Thread.currentThread().isInterrupted()
        && recorder.claim()) {
      send(CredentialKind.pick(ThreadLocalRandom.current().nextInt(CredentialKind.totalWeight())));
    }
  }

  private void send(CredentialKind kind) {
    SoakCredentials.Issued credential = credentials.next(kind);
    HttpRequest request =
        HttpRequest.newBuilder(resource)
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + credential.token())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("Mcp-Session-Id", UUID.randomUUID().toString())
            .POST(HttpRequest.BodyPublishers.ofString(PING))
            .build();
    String dependencies = "jwks=" + jwks.mode() + " introspection=" + introspection.mode();
    long sent = System.nanoTime();
    Outcome outcome;
    int status;
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      status = response.statusCode();
      outcome = Outcome.of(response);
    } catch (IOException e) {
      status = -1;
      outcome = Outcome.NO_ANSWER;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    long received = System.nanoTime();
    Verdict verdict = referee.judge(kind, credential.fresh(), outcome, sent, received);
    Outcome answered = outcome;
    int code = status;
    recorder.record(
        kind,
        outcome,
        verdict,
        received - sent,
        () ->
            String.format(
                Locale.ROOT,
                "t+%.3fs %s%s -> %s (%d) %s; at send %s, at answer jwks=%s introspection=%s",
                (sent - startNanos) / 1e9,
                kind,
                credential.fresh() ? " (new)" : " (pooled)",
                answered,
                code,
                verdict,
                dependencies,
                jwks.mode(),
                introspection.mode()));
  }
}
