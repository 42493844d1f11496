package dev.tollgate.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.cache.CachingCredentialResolver;
import dev.tollgate.jwt.JwtAccessTokenResolver;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap of the credential cache: per cached JWT principal, and for 100,000 of them (the
 * default maximum size). Budget: 100,000 entries in at most 64 MiB.
 *
 * <p>Two measurements that should agree: JOL's walk of the object graph reachable from the cache
 * (exact, minus the same walk of the empty cache), and the used heap after full GCs with {@link
 * MemoryMXBean}. Real tokens are costly to mint, so a sample of {@value #REAL_SAMPLE} tokens goes
 * through the real JWT resolver; the 100,000 entries are principals of exactly that shape (every
 * string and map freshly allocated, as a JSON parse would), so nothing is shared that would not be.
 *
 * <p>Run: {@code java -Djdk.attach.allowAttachSelf=true -cp benchmarks/target/benchmarks.jar
 * dev.tollgate.benchmarks.CacheFootprint} (or {@code benchmarks/run.sh footprint}).
 */
public final class CacheFootprint {
  static final int REAL_SAMPLE = 500;
  static final int ENTRIES = 100_000;
  private static final double MIB = 1024.0 * 1024.0;

  private CacheFootprint() {}

  public static void main(String[] args) {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : ENTRIES;
    // JOL must read fields of hidden (lambda) classes inside Caffeine.
    System.setProperty("jol.magicFieldOffset", "true");
    Fixtures fixtures = new Fixtures();
    JwtAccessTokenResolver jwt = fixtures.jwtResolver(fixtures.jwkSource());

    // 1. Real tokens through the real resolver.
    List<Credential> tokens = new ArrayList<>();
    for (int i = 0; i < REAL_SAMPLE; i++) {
      tokens.add(Credential.of(fixtures.token(JWSAlgorithm.ES256, Fixtures.account(i))));
    }
    CachingCredentialResolver real = CachingCredentialResolver.of(jwt);
    long realEmpty = GraphLayout.parseInstance(real).totalSize();
    TollgatePrincipal template = null;
    for (Credential token : tokens) {
      Resolution resolution = real.resolve(token);
      if (!(resolution instanceof Resolution.Resolved resolved)) {
        throw new IllegalStateException("sample token refused: " + resolution);
      }
      template = resolved.principal();
    }
    tokens.clear();
    long realFull = GraphLayout.parseInstance(real).totalSize();
    double realPerEntry = (realFull - realEmpty) / (double) REAL_SAMPLE;
    real = null;

    // 2. 100,000 entries of the same shape.
    TollgatePrincipal shape = template;
    CredentialResolver synthetic = credential -> Resolution.resolved(freshCopy(shape, credential));
    CachingCredentialResolver cache =
        CachingCredentialResolver.builder(synthetic).maximumSize(Math.max(entries, 1)).build();
    long emptyGraph = GraphLayout.parseInstance(cache).totalSize();
    long heapBefore = usedHeapAfterGc();
    for (int i = 0; i < entries; i++) {
      cache.resolve(Credential.of("bench-credential-" + i));
    }
    long heapAfter = usedHeapAfterGc();
    long size = cache.stats().size();
    long fullGraph = GraphLayout.parseInstance(cache).totalSize();
    double graphMiB = (fullGraph - emptyGraph) / MIB;
    double heapMiB = (heapAfter - heapBefore) / MIB;

    System.out.printf("JVM: %s %s%n", System.getProperty("java.vm.name"), System.getProperty("java.version"));
    System.out.printf(
        "per cached JWT principal (JOL, %d real ~1 KB tokens): %.0f bytes%n", REAL_SAMPLE, realPerEntry);
    System.out.printf("entries held: %d%n", size);
    System.out.printf(
        "%d entries, JOL retained graph: %.1f MiB (%.0f bytes/entry)%n",
        entries, graphMiB, (fullGraph - emptyGraph) / (double) entries);
    System.out.printf(
        "%d entries, used heap after GC (MemoryMXBean): %.1f MiB (%.0f bytes/entry)%n",
        entries, heapMiB, (heapAfter - heapBefore) / (double) entries);
    System.out.printf("budget: 64 MiB for 100,000 entries -> %s%n", graphMiB * ENTRIES / entries <= 64 ? "met" : "MISSED");
    System.out.println(histogram(cache));
  }

  /** The classes taking the most of the cache's graph, to show where the bytes go. */
  private static String histogram(Object root) {
    String footprint = GraphLayout.parseInstance(root).toFootprint();
    String[] lines = footprint.split("\n");
    StringBuilder top = new StringBuilder();
    for (int i = 0; i < Math.min(lines.length, 24); i++) {
      top.append(lines[i]).append('\n');
    }
    return top.toString();
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** {@code shape} with its own copy of every string, instant and map, as a fresh parse makes. */
  private static String fresh(String text) {
    // new String(String) would share the characters; a parse allocates its own.
    return new String(text.toCharArray());
  }

  static TollgatePrincipal freshCopy(TollgatePrincipal shape, Credential credential) {
    String id = fresh(shape.accountId() + credential.sha256Hex().substring(0, 4));
    return TollgatePrincipal.builder(id)
        .subject(fresh(id))
        .clientId(shape.clientId() == null ? null : fresh(shape.clientId()))
        .scopes(new java.util.LinkedHashSet<>(shape.scopes().stream().map(CacheFootprint::fresh).toList()))
        .issuedAt(copy(shape.issuedAt()))
        .expiresAt(copy(shape.expiresAt()))
        .tokenId(shape.tokenId() == null ? null : fresh(shape.tokenId()))
        .kind(shape.kind())
        .attributes(copyMap(shape.attributes()))
        .build();
  }

  private static Instant copy(Instant instant) {
    return instant == null ? null : Instant.ofEpochSecond(instant.getEpochSecond(), instant.getNano());
  }

  private static Map<String, Object> copyMap(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(fresh(key), copyValue(value)));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object value) {
    if (value instanceof String text) {
      return fresh(text);
    }
    if (value instanceof Instant instant) {
      return copy(instant);
    }
    if (value instanceof Map<?, ?> map) {
      return Map.copyOf(copyMap((Map<String, Object>) map));
    }
    if (value instanceof List<?> list) {
      return List.copyOf(list.stream().map(CacheFootprint::copyValue).toList());
    }
    return value;
  }
}
