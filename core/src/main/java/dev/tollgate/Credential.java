package dev.tollgate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Bearer credential exactly as the client sent it (RFC 6750 §2.1 {@code b64token}).
 *
 * <p>Its {@link #toString()} never shows the value, so a credential logged by accident leaks
 * nothing. Caches, stores and audit logs use its SHA-256, never the value; the hash is computed
 * once per credential and shared by all of them.
 */
public final class Credential {
  /**
   * One digest per thread: {@link MessageDigest#getInstance(String)} looks the provider up on every
   * call. {@code digest()} resets it for reuse.
   */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(Credential::newSha256);

  private @Nullable String value;
  private final byte @Nullable [] ascii;
  private final int from;
  private final int to;

  /**
   * Whether the value has the shape of a JWS, when a scan has told already: else {@link #UNKNOWN}.
   */
  private final byte shape;

  /**
   * {@link #CHECKED} (the maker checked the grammar), {@link #UNCHECKED} until {@link
   * #isB64Token()} has looked, then {@link #CHECKED} or {@link #NOT_B64TOKEN}. Written by the
   * deciding thread; a racing second check computes the same answer.
   */
  private byte grammar;

  private volatile byte @Nullable [] sha256;

  private static final byte UNKNOWN = 0;
  private static final byte JWS = 1;
  private static final byte OTHER = 2;
  private static final byte NOT_B64TOKEN = 3;

  private static final byte CHECKED = 0;
  private static final byte UNCHECKED = 1;

  private Credential(String value) {
    this.value = value;
    this.ascii = null;
    this.from = 0;
    this.to = 0;
    this.shape = UNKNOWN;
  }

  private Credential(byte[] ascii, int from, int to, byte shape, byte grammar) {
    this.ascii = ascii;
    this.from = from;
    this.to = to;
    this.shape = shape;
    this.grammar = grammar;
  }

  /** Wraps a credential value; the caller has already checked its syntax. */
  public static Credential of(String value) {
    Objects.requireNonNull(value, "value == null");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("credential is empty");
    }
    return new Credential(value);
  }

  /**
   * Wraps the credential held in {@code ascii[from, to)}, for an adapter that has the header's
   * bytes in hand and has checked that range is the credential's ASCII characters (e.g. a {@code
   * b64token}). The array is kept, not copied, and must not change afterwards. The bytes are hashed
   * as they are and the value is built only if someone asks for it, which on a cache hit nobody
   * does: a cached request then makes no copy of its credential.
   */
  public static Credential ofAscii(byte[] ascii, int from, int to) {
    Objects.requireNonNull(ascii, "ascii == null");
    Objects.checkFromToIndex(from, to, ascii.length);
    if (from == to) {
      throw new IllegalArgumentException("credential is empty");
    }
    return new Credential(ascii, from, to, UNKNOWN, CHECKED);
  }

  /**
   * The credential in {@code ascii[from, to)} if that range is an RFC 6750 §2.1 {@code b64token}
   * ({@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}), else {@code null}. One
   * pass over the bytes checks the grammar and finds the dots, so that {@link #looksLikeJwt()} is
   * answered without reading them again; as with {@link #ofAscii}, the array is kept, not copied,
   * and must not change afterwards.
   */
  public static @Nullable Credential ofB64Token(byte[] ascii, int from, int to) {
    Objects.requireNonNull(ascii, "ascii == null");
    Objects.checkFromToIndex(from, to, ascii.length);
    byte shape = scan(ascii, from, to);
    return shape == NOT_B64TOKEN ? null : new Credential(ascii, from, to, shape, CHECKED);
  }

  /**
   * The credential {@code text[from, to)} of an {@code Authorization} header, its {@code b64token}
   * grammar not checked yet. For a gate that answers a credential it has seen before from its hash
   * alone ({@link CredentialResolver#known}): the grammar, checked when the credential was first
   * seen, is not read again. The JWS shape is found at once, by the JDK's vectorised search for the
   * dots. {@link #isB64Token()} checks the grammar; it must answer {@code true} before {@link
   * #value()} is read, which otherwise throws {@link IllegalStateException}.
   */
  public static Credential ofUncheckedHeader(String text, int from, int to) {
    Objects.requireNonNull(text, "text == null");
    Objects.checkFromToIndex(from, to, text.length());
    if (from == to) {
      throw new IllegalArgumentException("credential is empty");
    }
    // A character outside Latin-1 becomes '?', which no b64token holds: the check refuses it.
    byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
    int first = dotBefore(text, from, to);
    int second = first < 0 ? -1 : dotBefore(text, first + 1, to);
    int third = second < 0 ? -1 : dotBefore(text, second + 1, to);
    boolean jws =
        isJwsShape(
            first < 0 ? -1 : first - from, second < 0 ? -1 : second - from, third, to - from);
    return new Credential(ascii, from, to, jws ? JWS : OTHER, UNCHECKED);
  }

  private static int dotBefore(String text, int start, int end) {
    int dot = text.indexOf('.', start);
    return dot < end ? dot : -1;
  }

  /**
   * Whether the value is an RFC 6750 §2.1 {@code b64token} ({@code 1*( ALPHA / DIGIT / "-" / "." /
   * "_" / "~" / "+" / "/" ) *"="}). Checked once, for a credential made by {@link
   * #ofUncheckedHeader}; the other factories' callers have checked it, so for theirs it is {@code
   * true}.
   */
  public boolean isB64Token() {
    byte state = grammar;
    if (state == UNCHECKED) {
      byte[] bytes = Objects.requireNonNull(ascii);
      state = scan(bytes, from, to) == NOT_B64TOKEN ? NOT_B64TOKEN : CHECKED;
      grammar = state;
    }
    return state == CHECKED;
  }

  /**
   * {@link #JWS} or {@link #OTHER} when {@code ascii[from, to)} is a {@code b64token}, else {@link
   * #NOT_B64TOKEN}: one pass that checks the grammar and finds the dots.
   */
  private static byte scan(byte[] ascii, int from, int to) {
    // Runs of characters other than '.', each a tight loop; the few dots are counted between.
    int i = skipCharacters(ascii, from, to);
    int dots = 0;
    int firstDot = -1;
    int secondDot = -1;
    while (i < to && ascii[i] == '.') {
      if (dots == 0) {
        firstDot = i - from;
      } else if (dots == 1) {
        secondDot = i - from;
      }
      dots++;
      i = skipCharacters(ascii, i + 1, to);
    }
    if (i == from) {
      return NOT_B64TOKEN;
    }
    while (i < to && ascii[i] == '=') {
      i++;
    }
    if (i != to) {
      return NOT_B64TOKEN;
    }
    return dots == 2 && isJwsShape(firstDot, secondDot, -1, to - from) ? JWS : OTHER;
  }

  /** The index of the first byte from {@code i} that is not a b64token character or is a dot. */
  private static int skipCharacters(byte[] ascii, int i, int to) {
    while (i < to && B64_CHARACTER[ascii[i] & 0xFF]) {
      i++;
    }
    return i;
  }

  /** The {@code b64token} characters other than {@code .} and {@code =}, by byte value. */
  private static final boolean[] B64_CHARACTER = new boolean[256];

  static {
    for (char c = 'A'; c <= 'Z'; c++) {
      B64_CHARACTER[c] = true;
      B64_CHARACTER[c + ('a' - 'A')] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      B64_CHARACTER[c] = true;
    }
    for (char c : "-_~+/".toCharArray()) {
      B64_CHARACTER[c] = true;
    }
  }

  /**
   * The secret value. Never log it, never put it in an exception message.
   *
   * @throws IllegalStateException for a credential of {@link #ofUncheckedHeader} that is not a
   *     {@code b64token}: ask {@link #isB64Token()} first
   */
  public String value() {
    String text = value;
    if (text == null) {
      if (grammar != CHECKED && !isB64Token()) {
        throw new IllegalStateException("the credential is not a b64token; ask isB64Token() first");
      }
      // Only ofAscii leaves it unset; a racing second copy is equal and harmless.
      text =
          new String(Objects.requireNonNull(ascii), from, to - from, StandardCharsets.ISO_8859_1);
      value = text;
    }
    return text;
  }

  /** The SHA-256 of the value (a copy): the only form of a credential fit to store or cache. */
  public byte[] sha256() {
    return digest().clone();
  }

  /** {@link #sha256()} as lowercase hex. */
  public String sha256Hex() {
    return HexFormat.of().formatHex(digest());
  }

  private byte[] digest() {
    byte[] hash = sha256;
    if (hash == null) {
      MessageDigest sha = SHA_256.get();
      byte[] bytes = ascii;
      if (bytes != null) {
        sha.update(bytes, from, to - from);
        hash = sha.digest();
      } else {
        hash = sha.digest(Objects.requireNonNull(value).getBytes(StandardCharsets.UTF_8));
      }
      sha256 = hash;
    }
    return hash;
  }

  /** Whether the value has the compact-serialization shape of a JWS: three dot-separated parts. */
  public boolean looksLikeJwt() {
    if (shape != UNKNOWN) {
      return shape == JWS;
    }
    byte[] bytes = ascii;
    if (bytes == null) {
      String text = Objects.requireNonNull(value);
      int first = text.indexOf('.');
      int second = first < 0 ? -1 : text.indexOf('.', first + 1);
      return isJwsShape(
          first, second, second < 0 ? -1 : text.indexOf('.', second + 1), text.length());
    }
    // Routers ask this before the cache: answered from the bytes, so a hit builds no string.
    int first = indexOfDot(bytes, from);
    int second = first < 0 ? -1 : indexOfDot(bytes, first + 1);
    int third = second < 0 ? -1 : indexOfDot(bytes, second + 1);
    return isJwsShape(
        first < 0 ? -1 : first - from, second < 0 ? -1 : second - from, third, to - from);
  }

  private static boolean isJwsShape(int first, int second, int third, int length) {
    return first > 0 && second > first + 1 && second < length - 1 && third < 0;
  }

  private int indexOfDot(byte[] bytes, int start) {
    for (int i = start; i < to; i++) {
      if (bytes[i] == '.') {
        return i;
      }
    }
    return -1;
  }

  /** Whether the value starts with {@code prefix} (API keys carry a fixed, recognisable prefix). */
  public boolean startsWith(String prefix) {
    byte[] bytes = ascii;
    if (bytes == null) {
      return Objects.requireNonNull(value).startsWith(prefix);
    }
    if (prefix.length() > to - from) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (bytes[from + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Credential that
        && MessageDigest.isEqual(
            value().getBytes(StandardCharsets.UTF_8),
            that.value().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest());
  }

  @Override
  public String toString() {
    return "Credential[redacted]";
  }
}
