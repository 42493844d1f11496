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
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
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
  static final int REAL_SAMPLE = 5_000;
  static final int ENTRIES = 100_000;
  private static final double MIB = 1024.0 * 1024.0;

  private CacheFootprint() {}

  public static void main(String[] args) {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : ENTRIES;
    // JOL must read fields of hidden (lambda) classes inside Caffeine.
    System.setProperty("jol.magicFieldOffset", "true");
    Fixtures fixtures = new Fixtures();
    System.out.printf(
        "JVM: %s %s%n", System.getProperty("java.vm.name"), System.getProperty("java.version"));
    boolean met = true;
    for (String shape : List.of("profile", "profile-lean", "minimal")) {
      met &= measure(fixtures, shape, entries);
    }
    System.out.printf(
        "budget: 64 MiB for 100,000 entries of a ~1 KB token, default settings -> %s%n",
        met ? "met" : "MISSED");
  }

  /** Measures one token shape; true when its 100,000 entries fit in 64 MiB. */
  private static boolean measure(Fixtures fixtures, String shape, int entries) {
    // profile-lean: the same ~1 KB token, keeping only the claim the application reads.
    JwtAccessTokenResolver jwt =
        shape.equals("profile-lean")
            ? JwtAccessTokenResolver.builder()
                .issuer(Fixtures.ISSUER)
                .audience(Fixtures.AUDIENCE)
                .jwkSource(fixtures.jwkSource())
                .attributeClaims(Set.of("tenant"))
                .build()
            : fixtures.jwtResolver(fixtures.jwkSource());
    List<Credential> tokens = new ArrayList<>();
    for (int i = 0; i < REAL_SAMPLE; i++) {
      String subject = Fixtures.account(i);
      tokens.add(
          Credential.of(
              shape.startsWith("profile")
                  ? fixtures.token(JWSAlgorithm.ES256, subject)
                  : fixtures.minimalToken(JWSAlgorithm.ES256, subject)));
    }
    int tokenLength = tokens.get(0).value().length();

    // 1. Real tokens through the real resolver.
    CachingCredentialResolver real = CachingCredentialResolver.of(jwt);
    long realEmpty = GraphLayout.parseInstance(real).totalSize();
    @Nullable TollgatePrincipal template = null;
    for (Credential token : tokens) {
      Resolution resolution = real.resolve(token);
      if (!(resolution instanceof Resolution.Resolved resolved)) {
        throw new IllegalStateException("sample token refused: " + resolution);
      }
      template = resolved.principal();
    }
    long realFull = GraphLayout.parseInstance(real).totalSize();
    double realPerEntry = (realFull - realEmpty) / (double) REAL_SAMPLE;
    tokens.clear();

    // 2. 100,000 entries of the same shape.
    TollgatePrincipal principal = Objects.requireNonNull(template, "no sample token");
    CredentialResolver synthetic =
        credential -> Resolution.resolved(freshCopy(principal, credential));
    CachingCredentialResolver cache =
        CachingCredentialResolver.builder(synthetic).maximumSize(Math.max(entries, 1)).build();
    long emptyGraph = GraphLayout.parseInstance(cache).totalSize();
    long heapBefore = usedHeapAfterGc();
    for (int i = 0; i < entries; i++) {
      cache.resolve(Credential.of("bench-credential-" + i));
    }
    long heapAfter = usedHeapAfterGc();
    long size = cache.stats().size();
    GraphLayout full = GraphLayout.parseInstance(cache);
    double graphMiB = (full.totalSize() - emptyGraph) / MIB;
    double heapMiB = (heapAfter - heapBefore) / MIB;

    System.out.printf(
        "%n[%s token, %d characters, %d claims]%n",
        shape, tokenLength, principal.attributes().size() + 7);
    System.out.printf(
        "  per cached principal (JOL, %d real ES256 tokens through the resolver): %.0f bytes%n",
        REAL_SAMPLE, realPerEntry);
    System.out.printf(
        "  %d entries held; JOL retained graph: %.1f MiB (%.0f bytes/entry)%n",
        size, graphMiB, (full.totalSize() - emptyGraph) / (double) entries);
    System.out.printf(
        "  used heap after GC (MemoryMXBean): %.1f MiB (%.0f bytes/entry)%n",
        heapMiB, (heapAfter - heapBefore) / (double) entries);
    System.out.print(histogram(full));
    // The budget is stated for the ~1 KB token as configured by default.
    return !shape.equals("profile") || graphMiB * ENTRIES / entries <= 64;
  }

  /** The classes taking the most bytes in {@code layout}, to show where an entry's bytes go. */
  private static String histogram(GraphLayout layout) {
    record Row(String name, long count, long bytes) {}
    List<Row> rows = new ArrayList<>();
    for (Class<?> type : layout.getClasses()) {
      rows.add(
          new Row(
              type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName(),
              layout.getClassCounts().count(type),
              layout.getClassSizes().count(type)));
    }
    rows.sort((x, y) -> Long.compare(y.bytes(), x.bytes()));
    StringBuilder top = new StringBuilder("  largest classes: bytes (count)\n");
    for (Row row : rows.subList(0, Math.min(10, rows.size()))) {
      top.append(String.format("    %-36s %,12d (%,d)%n", row.name(), row.bytes(), row.count()));
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

  private static String fresh(String text) {
    // new String(String) would share the characters; a parse allocates its own.
    return new String(text.toCharArray());
  }

  /**
   * {@code shape} with its own copy of every value that differs from token to token, as a fresh
   * parse makes; claim names, the scope set, the client id and the verified {@code iss}/{@code aud}
   * stay shared, as the resolver shares them; so are subject and account, one claim.
   */
  static TollgatePrincipal freshCopy(TollgatePrincipal shape, Credential credential) {
    return freshCopy(shape, fresh(shape.accountId() + credential.sha256Hex().substring(0, 4)));
  }

  /** As {@link #freshCopy(TollgatePrincipal, Credential)}, for the same account. */
  static TollgatePrincipal freshCopyOf(TollgatePrincipal shape) {
    return freshCopy(shape, fresh(shape.accountId()));
  }

  private static TollgatePrincipal freshCopy(TollgatePrincipal shape, String id) {
    return TollgatePrincipal.builder(id)
        .subject(id)
        .clientId(shape.clientId())
        .scopes(shape.scopes())
        .issuedAt(copyOrNull(shape.issuedAt()))
        .expiresAt(copyOrNull(shape.expiresAt()))
        .tokenId(shape.tokenId() == null ? null : fresh(shape.tokenId()))
        .kind(shape.kind())
        .attributes(copyMap(shape.attributes()))
        .build();
  }

  private static @Nullable Instant copyOrNull(@Nullable Instant instant) {
    return instant == null ? null : copy(instant);
  }

  private static Instant copy(Instant instant) {
    return Instant.ofEpochSecond(instant.getEpochSecond(), instant.getNano());
  }

  private static Map<String, Object> copyMap(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach(
        (key, value) ->
            copy.put(key, key.equals("iss") || key.equals("aud") ? value : copyValue(value)));
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
