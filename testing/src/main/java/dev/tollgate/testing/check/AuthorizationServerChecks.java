package dev.tollgate.testing.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first advertised authorization server's metadata, found as an MCP client finds it (MCP authz,
 * "Authorization Server Metadata Discovery"): RFC 8414 §3.1 with the well-known segment inserted,
 * then OpenID Connect Discovery inserted and appended. It must name itself as {@code issuer}
 * exactly (RFC 8414 §3.3), have a token endpoint, and offer PKCE with S256, without which MCP
 * clients must refuse to proceed.
 */
final class AuthorizationServerChecks {
  private AuthorizationServerChecks() {}

  static List<URI> discoveryUrls(URI issuer) {
    String path = issuer.getRawPath() == null ? "" : issuer.getRawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    URI origin = MetadataChecks.origin(issuer);
    List<URI> urls = new ArrayList<>();
    urls.add(origin.resolve("/.well-known/oauth-authorization-server" + path));
    urls.add(origin.resolve("/.well-known/openid-configuration" + path));
    if (!path.isEmpty()) {
      urls.add(
          URI.create(
              origin.toString().replaceAll("/$", "") + path + "/.well-known/openid-configuration"));
    }
    return urls;
  }

  static void run(Session s) {
    if (s.authorizationServers.isEmpty()) {
      return;
    }
    URI issuer = s.authorizationServers.get(0);
    String clause = "RFC 8414 §3, MCP authz: authorization server metadata, issuer matches";
    List<String> tried = new ArrayList<>();
    for (URI url : discoveryUrls(issuer)) {
      HttpResult result = s.probe.get(url, Map.of());
      tried.add(url.getRawPath() + " " + result.describe());
      Optional<JsonNode> doc = result.status() == 200 ? Session.json(result) : Optional.empty();
      if (doc.isEmpty()) {
        continue;
      }
      String named = Session.text(doc.get(), "issuer");
      if (!issuer.toString().equals(named)) {
        // Another location may still hold the right document; report this one if none does.
        tried.set(tried.size() - 1, url.getRawPath() + " names issuer " + named);
        continue;
      }
      s.authorizationServerMetadata = doc.get();
      s.pass("as.metadata", clause, url.toString());
      judge(s, doc.get());
      return;
    }
    s.fail("as.metadata", clause, "none found: " + String.join("; ", tried));
  }

  private static void judge(Session s, JsonNode metadata) {
    String tokenEndpoint = Session.text(metadata, "token_endpoint");
    String tokenClause = "RFC 8414 §2: token_endpoint is an absolute URL";
    if (tokenEndpoint != null && Session.isAbsoluteHttpUrl(tokenEndpoint)) {
      s.pass("as.token_endpoint", tokenClause, tokenEndpoint);
    } else {
      s.fail("as.token_endpoint", tokenClause, tokenEndpoint == null ? "absent" : tokenEndpoint);
    }

    String pkceClause = "MCP authz, RFC 7636: code_challenge_methods_supported has S256";
    JsonNode methods = metadata.get("code_challenge_methods_supported");
    boolean s256 = false;
    if (methods != null && methods.isArray()) {
      for (JsonNode method : methods) {
        s256 |= method.isTextual() && method.asText().equals("S256");
      }
    }
    if (s256) {
      s.pass("as.pkce", pkceClause, methods.toString());
    } else {
      s.fail(
          "as.pkce",
          pkceClause,
          methods == null ? "absent: MCP clients must refuse this server" : methods.toString());
    }
  }
}
