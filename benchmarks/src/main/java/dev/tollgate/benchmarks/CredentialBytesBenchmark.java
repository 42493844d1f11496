package dev.tollgate.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ways to hash a 1 KB {@code Authorization} header's credential with SHA-256, which reads bytes
 * while the container hands the header over as a {@link String}: what the cached decision pays for
 * its one copy, and what avoiding that copy's allocation would cost instead.
 *
 * <ul>
 *   <li>{@code copyThenDigest}: the gate's way. {@code getBytes(ISO_8859_1)} (an intrinsic copy; a
 *       character above U+00FF becomes {@code ?}, which the grammar refuses), then SHA-256 over the
 *       credential's range. Allocates the copy.
 *   <li>{@code charLoopIntoScratch}: no copy allocated. Each character narrowed by hand (the same
 *       {@code ?} rule) into a reused 256-byte buffer, hashed chunk by chunk.
 *   <li>{@code encoderIntoScratch}: no copy allocated. The JDK's ISO-8859-1 encoder (replacing
 *       unmappable characters with {@code ?}) into the reused buffer.
 *   <li>{@code digestOnly}: SHA-256 of the 1 KB alone, bytes ready: the floor of any of them.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CredentialBytesBenchmark {
  private static final int SCHEME = "Bearer ".length();

  private String header;
  private byte[] ready;
  private MessageDigest sha;
  private final byte[] scratch = new byte[256];
  private final ByteBuffer scratchBuffer = ByteBuffer.wrap(scratch);
  private final CharsetEncoder encoder =
      StandardCharsets.ISO_8859_1
          .newEncoder()
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .onMalformedInput(CodingErrorAction.REPLACE)
          .replaceWith(new byte[] {'?'});

  @Setup(Level.Trial)
  public void setUp() throws NoSuchAlgorithmException {
    header = "Bearer " + new Fixtures().token(JWSAlgorithm.RS256, Fixtures.PAID_ACCOUNT);
    ready = header.substring(SCHEME).getBytes(StandardCharsets.ISO_8859_1);
    sha = MessageDigest.getInstance("SHA-256");
    byte[] expected = digestOnly();
    if (!MessageDigest.isEqual(expected, copyThenDigest())
        || !MessageDigest.isEqual(expected, charLoopIntoScratch())
        || !MessageDigest.isEqual(expected, encoderIntoScratch())) {
      throw new IllegalStateException("the ways disagree on the digest");
    }
  }

  @Benchmark
  public byte[] copyThenDigest() {
    byte[] bytes = header.getBytes(StandardCharsets.ISO_8859_1);
    sha.update(bytes, SCHEME, bytes.length - SCHEME);
    return sha.digest();
  }

  @Benchmark
  public byte[] charLoopIntoScratch() {
    String text = header;
    int end = text.length();
    for (int i = SCHEME; i < end; ) {
      int n = Math.min(scratch.length, end - i);
      for (int k = 0; k < n; k++) {
        char c = text.charAt(i + k);
        scratch[k] = c <= 0xFF ? (byte) c : (byte) '?';
      }
      sha.update(scratch, 0, n);
      i += n;
    }
    return sha.digest();
  }

  @Benchmark
  public byte[] encoderIntoScratch() {
    CharBuffer in = CharBuffer.wrap(header, SCHEME, header.length());
    encoder.reset();
    while (true) {
      scratchBuffer.clear();
      boolean more = encoder.encode(in, scratchBuffer, true).isOverflow();
      sha.update(scratch, 0, scratchBuffer.position());
      if (!more) {
        break;
      }
    }
    return sha.digest();
  }

  @Benchmark
  public byte[] digestOnly() {
    return sha.digest(ready);
  }
}
