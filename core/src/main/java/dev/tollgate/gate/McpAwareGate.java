package dev.tollgate.gate;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.mcp.McpCall;
import dev.tollgate.mcp.McpCall.Problem;
import dev.tollgate.mcp.McpCallParser;
import dev.tollgate.mcp.McpCallReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Decides a request, reading its MCP message when the scope or entitlement rules depend on the MCP
 * method and tool ({@link Tollgate#needsMcpCall()}).
 *
 * <ul>
 *   <li>GET (the SSE stream), DELETE (ending a session), HEAD and OPTIONS carry no JSON-RPC
 *       message: they are decided without one, and their bodies are never touched. Every other
 *       method is treated as POST, the one MCP uses for messages, so that a server lenient about
 *       methods cannot be sent an unchecked call with PUT or PATCH.
 *   <li>The body is read only by the {@link McpCallReader} handed to {@link
 *       Tollgate#decide(RequestView, McpCallReader)}, which calls it once the credential has been
 *       resolved and found unrevoked: an anonymous client, a bad credential or a rate-limited
 *       address never makes the filter buffer a body.
 *   <li>When the {@code Mcp-Method} (and, for {@code tools/call}, {@code Mcp-Name}) headers are
 *       present, the gate decides from them first; a refusal is answered without reading the body.
 *       A request the gate allows is then read once to confirm the body says the same, so a rule
 *       can never be checked against one call while the server serves another.
 *   <li>The reader wants a JSON content type (400 otherwise: no rule could be checked against the
 *       body); reads the body once, up to the limit (413 above it), and parses it with {@link
 *       McpCallParser}; a batch, malformed JSON-RPC, invalid or repeated {@code Mcp-*} headers, or
 *       headers that disagree with the body get 400 {@code invalid_request}. A client's JSON-RPC
 *       response (to an elicitation or sampling request, say) names no method, and is decided on
 *       the rules every message needs.
 * </ul>
 *
 * <p>The credential is never read from the body: the gate reads only the {@code Authorization}
 * header. A body that was read is handed back in the {@link Outcome}, for the adapter to replay to
 * the application (the servlet filter wraps the request; another adapter does the same its own
 * way).
 */
public final class McpAwareGate {
  /** The {@code Mcp-Method} request header of MCP streamable HTTP. */
  public static final String MCP_METHOD = "Mcp-Method";

  /** The {@code Mcp-Name} request header: the tool of a {@code tools/call}. */
  public static final String MCP_NAME = "Mcp-Name";

  /**
   * Default body limit: 1 MiB holds any realistic JSON-RPC call with its arguments, while a flood
   * of maximal bodies costs bounded memory.
   */
  public static final int DEFAULT_BODY_LIMIT = 1 << 20;

  /** Smaller than 1 KiB would refuse ordinary calls. */
  public static final int MIN_BODY_LIMIT = 1 << 10;

  /** Bodies past 16 MiB are uploads, not calls; buffering them would let clients exhaust memory. */
  public static final int MAX_BODY_LIMIT = 16 << 20;

  static final String NOT_JSON = "An MCP message must be sent with a JSON content type";
  static final String TOO_LARGE = "The request body is larger than this endpoint accepts";
  static final String BAD_HEADER = "The Mcp-Method or Mcp-Name header is invalid or repeated";
  static final String NAME_MISMATCH = "The Mcp-Name header does not match the body";
  static final String BAD_CHARSET = "The request body's charset is not supported";
  private static final String TOOLS_CALL = "tools/call";

  /** The request body as an adapter offers it; opened at most once, only when the gate asks. */
  public interface Body {
    /** The {@code Content-Type} header, or {@code null}. */
    @Nullable String contentType();

    /** The declared {@code Content-Length}, or -1 when unknown (chunked). */
    long contentLength();

    /** The body's bytes. */
    InputStream open() throws IOException;
  }

  /**
   * The decision, and the body the gate read (to be replayed to the application), if it read one.
   *
   * @param body the bytes read, or {@code null} when the body was not read
   * @param charset the charset the body was decoded with, or {@code null} when it was not read
   */
  // Never compared or hashed: the body array is handed on to the adapter as it was read.
  @SuppressWarnings("ArrayRecordComponent")
  public record Outcome(Decision decision, byte @Nullable [] body, @Nullable Charset charset) {
    public Outcome {
      Objects.requireNonNull(decision, "decision == null");
    }
  }

  private final Tollgate gate;
  private final int bodyLimit;

  /**
   * A gate reading MCP messages of at most {@code bodyLimit} bytes.
   *
   * @throws IllegalArgumentException when {@code bodyLimit} is outside [{@value #MIN_BODY_LIMIT},
   *     {@value #MAX_BODY_LIMIT}]
   */
  public McpAwareGate(Tollgate gate, int bodyLimit) {
    this.gate = Objects.requireNonNull(gate, "gate == null");
    this.bodyLimit = requireBodyLimit(bodyLimit);
  }

  /**
   * {@code limit}, when within [{@value #MIN_BODY_LIMIT}, {@value #MAX_BODY_LIMIT}].
   *
   * @throws IllegalArgumentException otherwise
   */
  private static int requireBodyLimit(int limit) {
    if (limit < MIN_BODY_LIMIT || limit > MAX_BODY_LIMIT) {
      throw new IllegalArgumentException(
          "mcpBodyLimit must be between "
              + MIN_BODY_LIMIT
              + " and "
              + MAX_BODY_LIMIT
              + ", was "
              + limit);
    }
    return limit;
  }

  /** The gate this one reads messages for. */
  public Tollgate gate() {
    return gate;
  }

  /** Decides {@code view}, reading {@code body} only when the gate's rules need the MCP message. */
  public Outcome decide(RequestView view, Body body) {
    if (!gate.needsMcpCall() || !carriesMessage(view.method())) {
      return new Outcome(gate.decide(view), null, null);
    }
    String headerMethod;
    String headerName;
    boolean badHeaders = false;
    try {
      headerMethod = singleHeader(view, MCP_METHOD);
      headerName = singleHeader(view, MCP_NAME);
    } catch (IllegalArgumentException e) {
      badHeaders = true;
      headerMethod = null;
      headerName = null;
    }
    boolean headersComplete =
        headerMethod != null && (!TOOLS_CALL.equals(headerMethod) || headerName != null);
    RequestView declared =
        headersComplete
            ? RequestView.withMcpCall(
                view, headerMethod, TOOLS_CALL.equals(headerMethod) ? headerName : null)
            : view;
    BodyReader reader = new BodyReader(body, headerMethod, headerName, badHeaders);
    Decision decision = gate.decide(declared, reader);
    return new Outcome(decision, reader.bytes, reader.charset);
  }

  /** Reads and parses the body when the gate asks; keeps what it read for the replay. */
  private final class BodyReader implements McpCallReader {
    private final Body body;
    private final @Nullable String headerMethod;
    private final @Nullable String headerName;
    private final boolean badHeaders;
    private byte @Nullable [] bytes;
    private @Nullable Charset charset;

    BodyReader(
        Body body, @Nullable String headerMethod, @Nullable String headerName, boolean badHeaders) {
      this.body = body;
      this.headerMethod = headerMethod;
      this.headerName = headerName;
      this.badHeaders = badHeaders;
    }

    @Override
    public McpCall read() throws IOException {
      if (badHeaders) {
        return rejected(Problem.INVALID_HEADER, BAD_HEADER);
      }
      Charset declared;
      try {
        declared = jsonCharset(body.contentType());
      } catch (IllegalArgumentException e) {
        return rejected(Problem.NOT_JSON, BAD_CHARSET);
      }
      if (declared == null) {
        return rejected(Problem.NOT_JSON, NOT_JSON);
      }
      byte[] read = readBody(body);
      if (read == null) {
        return rejected(Problem.TOO_LARGE, TOO_LARGE);
      }
      byte[] utf8 = declared.equals(StandardCharsets.UTF_8) ? read : transcode(read, declared);
      McpCall call = McpCallParser.parse(utf8, headerMethod, null);
      if (call instanceof McpCall.Rejected) {
        return call;
      }
      if (headerName != null
          && call instanceof McpCall.Parsed parsed
          && TOOLS_CALL.equals(parsed.method())
          && !headerName.equals(parsed.toolName())) {
        return rejected(Problem.HEADER_MISMATCH, NAME_MISMATCH);
      }
      if (headerName != null && call instanceof McpCall.Response) {
        return rejected(Problem.HEADER_MISMATCH, NAME_MISMATCH);
      }
      this.bytes = read;
      this.charset = declared;
      return call;
    }
  }

  private static boolean carriesMessage(String method) {
    return switch (method) {
      case "GET", "HEAD", "DELETE", "OPTIONS" -> false;
      default -> true;
    };
  }

  private static McpCall rejected(Problem problem, String description) {
    return new McpCall.Rejected(problem, description);
  }

  /** The body, or {@code null} when it is longer than the limit (declared or actual). */
  private byte @Nullable [] readBody(Body source) throws IOException {
    long declared = source.contentLength();
    if (declared > bodyLimit) {
      return null;
    }
    InputStream in = source.open();
    ByteArrayOutputStream out;
    if (declared >= 0) {
      // The usual case: read exactly the declared length, into the array that is kept.
      byte[] body = in.readNBytes((int) declared);
      int next = body.length < declared ? -1 : in.read();
      if (next < 0) {
        return body;
      }
      // More than declared (the container should have stopped it): read on, within the limit.
      if (body.length + 1 > bodyLimit) {
        return null;
      }
      out = new ByteArrayOutputStream(body.length + 1);
      out.write(body);
      out.write(next);
    } else {
      out = new ByteArrayOutputStream(Math.min(bodyLimit, 8192));
    }
    byte[] buffer = new byte[8192];
    int read;
    while ((read = in.read(buffer)) >= 0) {
      if (out.size() + read > bodyLimit) {
        return null;
      }
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }

  /**
   * The charset of a JSON content type ({@code application/json} or {@code application/*+json}):
   * the declared one, else UTF-8 (RFC 8259 §8.1); {@code null} when the type is not JSON.
   *
   * @throws IllegalArgumentException when the declared charset is unknown
   */
  static @Nullable Charset jsonCharset(@Nullable String contentType) {
    if (contentType == null) {
      return null;
    }
    if (contentType.equalsIgnoreCase("application/json")) {
      // What nearly every MCP client sends: no parameters to read, nothing to split.
      return StandardCharsets.UTF_8;
    }
    String[] parts = contentType.split(";", -1);
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json")
        && !(type.startsWith("application/") && type.endsWith("+json"))) {
      return null;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int eq = parameter.indexOf('=');
      if (eq > 0 && parameter.substring(0, eq).strip().equalsIgnoreCase("charset")) {
        String name = parameter.substring(eq + 1).strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
          name = name.substring(1, name.length() - 1);
        }
        try {
          return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          throw new IllegalArgumentException("unsupported charset", e);
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  /**
   * The body as the application will decode it, re-encoded as UTF-8 for the parser, so the method
   * and tool checked are the ones the application reads.
   */
  private static byte[] transcode(byte[] body, Charset charset) {
    return new String(body, charset).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The one value of header {@code name}, or {@code null} when absent.
   *
   * @throws IllegalArgumentException when repeated, empty, too long or with control characters
   */
  private static @Nullable String singleHeader(RequestView view, String name) {
    List<String> values = view.headers(name);
    if (values.isEmpty()) {
      return null;
    }
    String value = values.get(0).strip();
    if (values.size() > 1 || value.isEmpty() || value.length() > McpCallParser.MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(name);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw new IllegalArgumentException(name);
      }
    }
    return value;
  }
}
