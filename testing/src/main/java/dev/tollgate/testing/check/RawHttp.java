package dev.tollgate.testing.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over a plain or TLS socket, for the one request {@code java.net.http} will not send: one
 * with a {@code Host} header other than the URL's. One request per connection ({@code Connection:
 * close}), read to the end or to {@link Probe#MAX_BODY}; chunked bodies are decoded.
 */
final class RawHttp {
  private RawHttp() {}

  static HttpResult send(
      URI uri,
      String method,
      String host,
      Map<String, String> headers,
      @Nullable String body,
      Duration timeout) {
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
    String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      target += "?" + uri.getRawQuery();
    }
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder()
            .append(method)
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\n")
            .append("Host: ")
            .append(host)
            .append("\r\n")
            .append("Connection: close\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(payload.length).append("\r\n");
    }
    head.append("\r\n");
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    try {
      if (tls) {
        // TLS to the real host (SNI and certificate checks as usual); only the Host header lies.
        return sendTls(uri.getHost(), port, head.toString(), payload, millis);
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), port), millis);
        socket.setSoTimeout(millis);
        return exchange(socket, head.toString(), payload);
      }
    } catch (IOException e) {
      return HttpResult.failed(e.getClass().getSimpleName());
    }
  }

  private static HttpResult sendTls(
      String realHost, int port, String head, byte[] payload, int millis) throws IOException {
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(realHost, port), millis);
      try (SSLSocket socket =
          (SSLSocket)
              ((SSLSocketFactory) SSLSocketFactory.getDefault())
                  .createSocket(plain, realHost, port, true)) {
        // Layered sockets skip host name verification unless asked: ask, as java.net.http does.
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(millis);
        return exchange(socket, head, payload);
      }
    } finally {
      plain.close();
    }
  }

  private static HttpResult exchange(Socket socket, String head, byte[] payload)
      throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(payload);
    out.flush();
    InputStream in = socket.getInputStream();
    byte[] raw = in.readNBytes(Probe.MAX_BODY + 16 * 1024);
    return parse(raw);
  }

  static HttpResult parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return HttpResult.failed("malformed response");
    }
    String[] lines = text.substring(0, end).split("\r\n", -1);
    String[] statusLine = lines[0].split(" ", 3);
    int status;
    try {
      status = Integer.parseInt(statusLine.length > 1 ? statusLine[1] : "");
    } catch (NumberFormatException e) {
      return HttpResult.failed("malformed status line");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    boolean chunked =
        headers.entrySet().stream()
            .anyMatch(
                e ->
                    e.getKey().equalsIgnoreCase("Transfer-Encoding")
                        && e.getValue().stream()
                            .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked")));
    if (chunked) {
      body = dechunk(body);
    }
    return new HttpResult(status, headers, new String(body, StandardCharsets.UTF_8), null);
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < body.length) {
      int lineEnd = indexOfCrlf(body, at);
      if (lineEnd < 0) {
        break;
      }
      String sizeText =
          new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";", -1)[0].trim();
      int size;
      try {
        size = Integer.parseInt(sizeText, 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (size <= 0) {
        break;
      }
      int start = lineEnd + 2;
      int stop = Math.min(body.length, start + size);
      out.write(body, start, stop - start);
      at = stop + 2;
    }
    return out.toByteArray();
  }

  private static int indexOfCrlf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
