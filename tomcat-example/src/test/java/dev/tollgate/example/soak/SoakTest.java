package dev.tollgate.example.soak;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.example.ExampleConfig;
import dev.tollgate.example.ExampleServer;
import dev.tollgate.example.soak.Referee.Verdict;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A bounded soak of the example server behind an external issuer whose JWK set and introspection
 * endpoints flap (see {@link FlapSchedule}): a few client threads send a mix of good and bad JWTs,
 * opaque tokens and API keys, and every answer is judged against what the gate owed it given the
 * dependency's state at the time ({@link Referee}). The run fails on any wrong decision, on heap
 * growth past the bound, or when a kind of credential never got its healthy-path answer.
 *
 * <p>Left out of the default build (tag {@code soak}). Run it with
 *
 * <pre>./mvnw -B -ntp -pl tomcat-example -am verify -Dgroups=soak</pre>
 *
 * <p>which runs no other test ({@code -Dgroups} selects the tag in every module) and writes the
 * summary to {@code tomcat-example/target/soak-report.txt}. {@code -Dsoak.duration=SECONDS} (60 to
 * 600, default 120) and the other properties of {@link SoakSettings} tune it. Everything listens on
 * loopback; the run stops by itself at the duration or the request cap, whichever comes first.
 *
 * <p>Not covered: request limits (429): the example's per-plan limits are raised out of reach and
 * the failure rate limit is a {@code Tollgate.Builder} option the example does not configure;
 * revoked credentials, because the example exposes neither its API key service nor a revocation
 * registry to renew or revoke with.
 */
@Tag("soak")
class SoakTest {
  /** Small, so a run with fresh tokens fills the JWT cache many times over. */
  private static final int CACHE_MAXIMUM_SIZE = 1_000;

  /** Only compared with {@code iss}, never fetched: the JWK set URL is configured. */
  private static final String ISSUER = "https://issuer.soak.invalid";

  @Test
  void soakWhenDependenciesFlapThenNoWrongDecisionAndHeapBounded() throws Exception {
    SoakSettings settings = SoakSettings.fromSystemProperties();
    SoakRecorder recorder = new SoakRecorder(settings.maxRequests());
    SoakIssuer issuer = new SoakIssuer(ISSUER);
    try (FlappingServer jwks = FlappingServer.start("/jwks", issuer::jwks);
        FlappingServer introspection = FlappingServer.start("/introspect", issuer::introspect)) {
      FlapSchedule schedule = new FlapSchedule(jwks, introspection);
      schedule.begin();
      try (ExampleServer server =
          ExampleServer.start(config(issuer, jwks.uri(), introspection.uri()))) {
        issuer.audience(server.resource().toString());
        Map<String, String> apiKeys = new LinkedHashMap<>();
        for (String account : SoakIssuer.entitledAccounts()) {
          apiKeys.put(account, server.apiKey(account).orElseThrow());
        }
        SoakCredentials credentials = new SoakCredentials(issuer, apiKeys, settings.duration());
        Referee referee =
            new Referee(jwks.timeline(), jwks::lastGoodAnswerNanos, introspection.timeline());
        HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        long heapStart = heapAfterGc();
        double loadStart = loadAverage();
        long start = System.nanoTime();
        long deadline = start + settings.duration().toNanos();
        ScheduledExecutorService flapper =
            Executors.newSingleThreadScheduledExecutor(daemon("soak-flapper"));
        ExecutorService clients =
            Executors.newFixedThreadPool(settings.clients(), daemon("soak-client"));
        boolean finished;
        long end;
        try {
          long flip = settings.flip().toMillis();
          flapper.scheduleAtFixedRate(schedule, flip, flip, TimeUnit.MILLISECONDS);
          for (int i = 0; i < settings.clients(); i++) {
            clients.execute(
                new SoakClient(
                    http,
                    server.resource(),
                    credentials,
                    referee,
                    recorder,
                    jwks,
                    introspection,
                    start,
                    deadline));
          }
          clients.shutdown();
          // Each client stops at the deadline, after at most one request timeout more.
          finished =
              clients.awaitTermination(
                  settings.duration().plus(SoakClient.REQUEST_TIMEOUT).toSeconds() + 30,
                  TimeUnit.SECONDS);
          end = System.nanoTime();
        } finally {
          clients.shutdownNow();
          flapper.shutdownNow();
          flapper.awaitTermination(10, TimeUnit.SECONDS);
        }
        schedule.settle();
        long heapEnd = heapAfterGc();
        double loadEnd = loadAverage();

        SoakReport.Run run =
            new SoakReport.Run(
                settings, start, end, heapStart, heapEnd, loadStart, loadEnd, CACHE_MAXIMUM_SIZE);
        String report = SoakReport.format(run, recorder, jwks, introspection);
        System.out.print(report);
        write(report);

        assertAll(
            () -> assertTrue(finished, "client threads did not stop\n" + report),
            () -> assertNull(schedule.failure(), "a dependency could not be switched\n" + report),
            () -> assertEquals(0, recorder.wrongDecisions(), "wrong decisions\n" + report),
            () ->
                assertTrue(
                    heapEnd - heapStart < settings.maxHeapGrowthBytes(), "heap growth\n" + report),
            () ->
                assertTrue(
                    recorder.count(Verdict.OUTAGE_503) > 0, "no request met an outage\n" + report),
            () ->
                assertTrue(jwks.goodAnswers() > 0, "the gate never fetched the JWK set\n" + report),
            () -> {
              for (CredentialKind kind : CredentialKind.values()) {
                assertTrue(
                    recorder.count(kind, kind.expected) > 0,
                    kind + " never got " + kind.expected + "\n" + report);
              }
            });
      }
    }
  }

  private static ExampleConfig config(SoakIssuer issuer, URI jwksUri, URI introspectionUri) {
    // Only the cache bound goes through the environment map: TOLLGATE_INTROSPECTION_* there would
    // also reach the filter's own settings, which route every opaque credential (API keys too) to
    // introspection.
    return new ExampleConfig(
        0,
        null,
        issuer.issuer(),
        jwksUri,
        introspectionUri,
        SoakIssuer.CLIENT_ID,
        SoakIssuer.CLIENT_SECRET,
        null,
        0,
        List.of(),
        Map.of(
            "TOLLGATE_CACHE_MAXIMUM_SIZE",
            Integer.toString(CACHE_MAXIMUM_SIZE),
            // The example's request limits are for people with curl; the soak's few accounts send
            // thousands of requests a second, and it judges authentication, not quotas.
            "TOLLGATE_RATE_LIMITS",
            "free=1000000/PT1S; professional=1000000/PT1S; enterprise=1000000/PT1S",
            "TOLLGATE_CONCURRENCY_LIMITS",
            "free=10000; professional=10000; enterprise=10000"));
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      memory.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void write(String report) throws IOException {
    Path target = Path.of(System.getProperty("basedir", "."), "target");
    Files.createDirectories(target);
    Files.writeString(target.resolve("soak-report.txt"), report, StandardCharsets.UTF_8);
  }
}
