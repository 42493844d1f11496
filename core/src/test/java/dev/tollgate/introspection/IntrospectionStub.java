package dev.tollgate.introspection;

import dev.tollgate.testsupport.StubHttpServer;
import dev.tollgate.testsupport.StubHttpServer.Reply;
import dev.tollgate.testsupport.StubHttpServer.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An RFC 7662 endpoint on a {@link StubHttpServer}: checks the caller's client credentials (Basic
 * or in the form) and answers from a table of tokens.
 */
final class IntrospectionStub {
  static final String CLIENT_ID = "resource-server";
  static final String CLIENT_SECRET = "s3cret:with/odd+chars";

  final Map<String, String> responses = new ConcurrentHashMap<>();

  StubHttpServer start() {
    return StubHttpServer.start(this::answer);
  }

  private Reply answer(Request request) {
    Map<String, String> form = form(request.body());
    boolean basicOk =
        ("Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (encode(CLIENT_ID) + ":" + encode(CLIENT_SECRET))
                            .getBytes(StandardCharsets.UTF_8)))
            .equals(request.header("Authorization"));
    boolean postOk =
        CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
    if (!request.method().equals("POST") || !(basicOk ^ postOk)) {
      return Reply.json(401, "{\"error\":\"invalid_client\"}");
    }
    String token = form.get("token");
    String response = token == null ? null : responses.get(token);
    return Reply.json(200, response != null ? response : "{\"active\":false}");
  }

  static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
