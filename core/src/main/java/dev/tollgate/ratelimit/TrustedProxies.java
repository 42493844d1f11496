package dev.tollgate.ratelimit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which peers may tell the client's address, and in which header: behind a load balancer every
 * request comes from the balancer, so a per-address limit (the {@link FailureRateLimiter}) would
 * lock out everyone at once. Only when the connecting peer is one of the configured proxies is the
 * header believed, and then read from the right: each trusted proxy appends the address it saw, so
 * the rightmost address that is not a trusted proxy is the client (anything further left was sent
 * by the client and could be forged).
 *
 * <p>Proxies are IP addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}), parsed without
 * any name lookup. The header is {@code X-Forwarded-For} (a comma-separated list) or {@code
 * Forwarded} (RFC 7239, its {@code for=} parameters). Off by default: a header nobody vouches for
 * is never read.
 */
public final class TrustedProxies {
  /** The de-facto header load balancers append the client address to. */
  public static final String X_FORWARDED_FOR = "X-Forwarded-For";

  /** RFC 7239. */
  public static final String FORWARDED = "Forwarded";

  private static final TrustedProxies NONE = new TrustedProxies("", List.of());

  private final String header;
  private final List<Block> blocks;

  private TrustedProxies(String header, List<Block> blocks) {
    this.header = header;
    this.blocks = blocks;
  }

  /** Trusts no peer: the client address is always the connecting peer's. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Trusts {@code proxies} (addresses or CIDR blocks) to report the client in {@code header}.
   *
   * @throws IllegalArgumentException naming a proxy that is not an address or block, or an
   *     unsupported header
   */
  public static TrustedProxies of(String header, Collection<String> proxies) {
    Objects.requireNonNull(header, "header == null");
    String name = header.strip();
    if (!name.equalsIgnoreCase(X_FORWARDED_FOR) && !name.equalsIgnoreCase(FORWARDED)) {
      throw new IllegalArgumentException(
          "header must be " + X_FORWARDED_FOR + " or " + FORWARDED + ", was '" + header + "'");
    }
    List<Block> blocks = new ArrayList<>();
    for (String proxy : proxies) {
      blocks.add(Block.parse(proxy));
    }
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("at least one trusted proxy address or block is required");
    }
    return new TrustedProxies(name, List.copyOf(blocks));
  }

  /** The header read, or empty when no proxy is trusted. */
  public String header() {
    return header;
  }

  /** Whether any proxy is trusted. */
  public boolean isEnabled() {
    return !blocks.isEmpty();
  }

  /**
   * The client's address: {@code peer} itself unless it is a trusted proxy; then the rightmost
   * address in {@code headerValues} (every line of the header, in order) that is not a trusted
   * proxy, or the leftmost when all are. A value that is not an IP address ends the walk there,
   * with the last address known good.
   */
  public String clientAddress(String peer, List<String> headerValues) {
    if (blocks.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String line : headerValues) {
      // Limit -1: a trailing empty element is a hop that is not an address, not one to drop.
      for (String element : line.split(",", -1)) {
        String address =
            header.equalsIgnoreCase(FORWARDED) ? forwardedFor(element) : element.strip();
        hops.add(address == null ? "" : address);
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = normalize(hops.get(i));
      if (hop == null) {
        return client;
      }
      client = hop;
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return client;
  }

  private boolean isTrusted(String address) {
    byte[] bytes = Block.bytes(address);
    if (bytes == null) {
      return false;
    }
    for (Block block : blocks) {
      if (block.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** The address of one {@code Forwarded} element's {@code for=} parameter, or null. */
  private static @Nullable String forwardedFor(String element) {
    for (String pair : element.split(";", -1)) {
      String trimmed = pair.strip();
      if (trimmed.toLowerCase(Locale.ROOT).startsWith("for=")) {
        String value = trimmed.substring(4).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return null;
  }

  /** An IP literal without port or brackets, or null when {@code hop} is not one. */
  private static @Nullable String normalize(String hop) {
    String value = hop.strip();
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      value = close > 0 ? value.substring(1, close) : value;
    } else if (value.indexOf(':') > 0
        && value.indexOf(':') == value.lastIndexOf(':')
        && value.indexOf('.') > 0) {
      value = value.substring(0, value.indexOf(':'));
    }
    return Block.bytes(value) != null ? value : null;
  }

  @Override
  public String toString() {
    return blocks.isEmpty()
        ? "TrustedProxies[none]"
        : "TrustedProxies[" + header + ", " + blocks + "]";
  }

  /** An address block: network bytes and prefix length. */
  // Blocks are never compared or hashed, and toString is our own, so the array is harmless.
  @SuppressWarnings("ArrayRecordComponent")
  private record Block(byte[] network, int prefix, String text) {
    static Block parse(String text) {
      String value = Objects.requireNonNull(text, "proxy == null").strip();
      int slash = value.indexOf('/');
      byte[] network = bytes(slash < 0 ? value : value.substring(0, slash));
      if (network == null) {
        throw new IllegalArgumentException("not an IP address or CIDR block: '" + text + "'");
      }
      int prefix = network.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a CIDR block: '" + text + "'");
        }
        if (prefix < 0 || prefix > network.length * 8) {
          throw new IllegalArgumentException("prefix out of range in '" + text + "'");
        }
      }
      return new Block(network, prefix, value);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest);
      return (address[full] & mask) == (network[full] & mask);
    }

    /** IPv4 (4 bytes) or IPv6 (16 bytes; an IPv4-mapped one as IPv4), or null. */
    static byte @Nullable [] bytes(String literal) {
      if (literal.indexOf(':') >= 0) {
        int zone = literal.indexOf('%');
        int[] groups = Ipv6.parse(zone >= 0 ? literal.substring(0, zone) : literal);
        if (groups == null) {
          return null;
        }
        if (Ipv6.isIpv4Mapped(groups)) {
          return new byte[] {
            (byte) (groups[6] >> 8), (byte) groups[6], (byte) (groups[7] >> 8), (byte) groups[7]
          };
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
          bytes[2 * i] = (byte) (groups[i] >> 8);
          bytes[2 * i + 1] = (byte) groups[i];
        }
        return bytes;
      }
      int[] octets = Ipv6.ipv4(literal);
      if (octets == null) {
        return null;
      }
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        bytes[i] = (byte) octets[i];
      }
      return bytes;
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
