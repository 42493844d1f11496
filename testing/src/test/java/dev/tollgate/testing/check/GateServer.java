package dev.tollgate.testing.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.testing.LocalIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny MCP endpoint on the JDK's HttpServer, guarded by a real {@link Tollgate}, that makes the
 * {@link Fault}s it is given. With none it is correct; each fault must be caught by one check.
 */
final class GateServer implements AutoCloseable {
  static final String OTHER_RESOURCE = "https://other.example.test/mcp";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OWN_AS_PATH = "/as";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Set<Fault> faults;
  private final URI endpoint;
  private final URI base;
  private final Tollgate gate;

  private GateServer(LocalIssuer issuer, Set<Fault> faults) throws IOException {
    this.faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    this.endpoint = URI.create(base + "/mcp");
    Tollgate.Builder builder =
        Tollgate.builder()
            .resource(endpoint)
            .authorizationServer(
                ownAuthorizationServer() ? URI.create(base + OWN_AS_PATH) : issuer.issuer())
            .requiredScopes(Set.of("mcp"));
    CredentialResolver resolver = issuer.jwtResolver(endpoint);
    if (this.faults.contains(Fault.OTHER_AUDIENCE_ACCEPTED)) {
      CredentialResolver other = issuer.jwtResolver(URI.create(OTHER_RESOURCE));
      CredentialResolver strict = resolver;
      resolver =
          credential -> {
            Resolution first = strict.resolve(credential);
            return first instanceof Resolution.Invalid ? other.resolve(credential) : first;
          };
    }
    this.gate = builder.resolver(resolver).build();
    this.executor = Executors.newFixedThreadPool(2);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static GateServer start(LocalIssuer issuer, Set<Fault> faults) {
    try {
      return new GateServer(issuer, faults);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI endpoint() {
    return endpoint;
  }

  private boolean ownAuthorizationServer() {
    return faults.contains(Fault.AUTHORIZATION_SERVER_WITHOUT_PKCE)
        || faults.contains(Fault.AUTHORIZATION_SERVER_ISSUER_MISMATCH);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (gate.metadataPaths().contains(path) && !faults.contains(Fault.NO_METADATA)) {
        metadata(exchange);
      } else if (ownAuthorizationServer()
          && path.equals("/.well-known/oauth-authorization-server" + OWN_AS_PATH)) {
        Map<String, Object> as = new LinkedHashMap<>();
        as.put(
            "issuer",
            faults.contains(Fault.AUTHORIZATION_SERVER_ISSUER_MISMATCH)
                ? "https://someone-else.example.test"
                : base + OWN_AS_PATH);
        as.put("token_endpoint", base + OWN_AS_PATH + "/token");
        as.put("authorization_endpoint", base + OWN_AS_PATH + "/authorize");
        as.put("response_types_supported", List.of("code"));
        if (!faults.contains(Fault.AUTHORIZATION_SERVER_WITHOUT_PKCE)) {
          as.put("code_challenge_methods_supported", List.of("S256"));
        }
        send(exchange, 200, JSON.writeValueAsString(as));
      } else if (path.equals(endpoint.getRawPath())) {
        mcp(exchange);
      } else {
        send(exchange, 404, "{\"error\":\"not_found\"}");
      }
    }
  }

  private void metadata(HttpExchange exchange) throws IOException {
    ObjectNode doc = (ObjectNode) JSON.readTree(gate.metadataJson());
    Headers in = exchange.getRequestHeaders();
    if (faults.contains(Fault.METADATA_RESOURCE_MISMATCH)) {
      doc.put("resource", base + "/other");
    }
    if (faults.contains(Fault.METADATA_OFFERS_QUERY)) {
      doc.putArray("bearer_methods_supported").add("header").add("query");
    }
    if (faults.contains(Fault.HOST_REFLECTED) && in.getFirst("Host") != null) {
      doc.put("resource", "http://" + in.getFirst("Host") + "/mcp");
    }
    if (faults.contains(Fault.FORWARDED_REFLECTED) && in.getFirst("X-Forwarded-Host") != null) {
      String proto =
          in.getFirst("X-Forwarded-Proto") != null ? in.getFirst("X-Forwarded-Proto") : "http";
      doc.put("resource", proto + "://" + in.getFirst("X-Forwarded-Host") + "/mcp");
    }
    if (!faults.contains(Fault.NO_CORS)) {
      exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
    }
    send(exchange, 200, JSON.writeValueAsString(doc));
  }

  private void mcp(HttpExchange exchange) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
    String query = exchange.getRequestURI().getRawQuery();
    if (faults.contains(Fault.QUERY_TOKEN_ACCEPTED)
        && query != null
        && query.startsWith("access_token=")) {
      headers.put(
          "Authorization",
          List.of(
              "Bearer "
                  + java.net.URLDecoder.decode(
                      query.substring("access_token=".length()), StandardCharsets.UTF_8)));
      query = null;
    }
    String authorization =
        headers.containsKey("Authorization") ? headers.get("Authorization").get(0) : null;
    if (faults.contains(Fault.MALFORMED_HEADER_CRASHES) && "Bearer a b".equals(authorization)) {
      send(exchange, 500, "{\"error\":\"server_error\"}");
      return;
    }
    if (faults.contains(Fault.NO_AUTHENTICATION)) {
      send(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
      return;
    }
    Decision decision =
        gate.decide(RequestView.of(exchange.getRequestMethod(), "/mcp", headers, query));
    if (decision instanceof Decision.Allow) {
      send(
          exchange,
          200,
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\"}}");
    } else if (decision instanceof Decision.Challenge challenge) {
      int status = challenge.status();
      String header = challenge.wwwAuthenticate();
      if (faults.contains(Fault.BAD_TOKEN_AS_400) && challenge.error().equals("invalid_token")) {
        status = 400;
        header = header.replace("invalid_token", "invalid_request");
      }
      if (header != null) {
        header = breakChallenge(header, challenge.error());
      }
      Headers out = exchange.getResponseHeaders();
      if (header != null && !faults.contains(Fault.NO_WWW_AUTHENTICATE)) {
        out.set("WWW-Authenticate", header);
      }
      if (!faults.contains(Fault.NO_CORS)) {
        out.set("Access-Control-Allow-Origin", "*");
        out.set("Access-Control-Expose-Headers", "WWW-Authenticate");
      }
      send(exchange, status, challenge.jsonBody());
    } else {
      send(exchange, 503, "{\"error\":\"temporarily_unavailable\"}");
    }
  }

  private String breakChallenge(String header, String error) {
    String broken = header;
    if (faults.contains(Fault.NO_RESOURCE_METADATA)) {
      broken = broken.replaceAll(",? ?resource_metadata=\"[^\"]*\"", "");
    }
    if (faults.contains(Fault.NO_SCOPE_IN_CHALLENGE) && error.equals("missing_credential")) {
      broken = broken.replaceAll("scope=\"[^\"]*\", ", "");
    }
    if (faults.contains(Fault.UNQUOTED_CHALLENGE)) {
      broken = broken.replaceAll("(scope|resource_metadata)=\"([^\"]*)\"", "$1=$2");
    }
    if (faults.contains(Fault.ERROR_WITHOUT_TOKEN) && error.equals("missing_credential")) {
      broken = broken.replace("Bearer ", "Bearer error=\"invalid_token\", ");
    }
    if (faults.contains(Fault.INSUFFICIENT_SCOPE_WITHOUT_SCOPE)
        && error.equals("insufficient_scope")) {
      broken = broken.replaceAll("scope=\"[^\"]*\", ", "");
    }
    return broken;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
