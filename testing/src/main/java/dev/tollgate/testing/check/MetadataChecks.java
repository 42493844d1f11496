package dev.tollgate.testing.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The protected resource metadata (RFC 9728): served at the path-suffixed and root well-known URLs
 * (§3.1, MCP clients try both), naming this very endpoint as {@code resource} (§3.3, which clients
 * must verify), listing authorization servers (required by MCP), never advertising the query string
 * as a way to send tokens, and readable from any origin.
 */
final class MetadataChecks {
  static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

  private MetadataChecks() {}

  static URI pathSuffixedUrl(URI endpoint) {
    String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return origin(endpoint).resolve(WELL_KNOWN + path);
  }

  static URI rootUrl(URI endpoint) {
    return origin(endpoint).resolve(WELL_KNOWN);
  }

  static URI origin(URI uri) {
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/");
  }

  static void run(Session s) {
    URI suffixed = pathSuffixedUrl(s.endpoint);
    URI root = rootUrl(s.endpoint);
    String expected = s.endpoint.toString();

    HttpResult suffixedResult = s.probe.get(suffixed, Map.of("Origin", s.origin));
    Optional<JsonNode> suffixedDoc = document(suffixedResult);
    String clause =
        "RFC 9728 §3.1/§3.3: metadata at " + suffixed.getRawPath() + ", resource = endpoint";
    judgeDocument(s, "metadata.path_suffixed", clause, suffixedResult, suffixedDoc, expected);
    if (matches(suffixedDoc, expected)) {
      s.metadata = suffixedDoc.get();
    }

    if (!root.equals(suffixed)) {
      HttpResult rootResult = s.probe.get(root, Map.of("Origin", s.origin));
      Optional<JsonNode> rootDoc = document(rootResult);
      String rootClause = "RFC 9728 §3.1, MCP fallback: metadata at " + WELL_KNOWN;
      if (rootResult.status() == 404) {
        s.warn(
            "metadata.root",
            rootClause,
            "HTTP 404: clients that only try the root form find nothing");
      } else if (rootDoc.isPresent() && !matches(rootDoc, expected)) {
        s.warn(
            "metadata.root",
            rootClause,
            "describes " + Session.text(rootDoc.get(), "resource") + ", not this endpoint");
      } else {
        judgeDocument(s, "metadata.root", rootClause, rootResult, rootDoc, expected);
        if (s.metadata == null && matches(rootDoc, expected)) {
          s.metadata = rootDoc.get();
        }
      }
    }

    String advertised = s.challenge == null ? null : s.challenge.get("resource_metadata");
    if (advertised != null && Session.isAbsoluteHttpUrl(advertised)) {
      URI advertisedUrl = URI.create(advertised);
      String advertisedClause =
          "RFC 9728 §5.1: resource_metadata URL serves this endpoint's metadata";
      HttpResult advertisedResult =
          advertisedUrl.equals(suffixed)
              ? suffixedResult
              : s.probe.get(advertisedUrl, Map.of("Origin", s.origin));
      Optional<JsonNode> doc = document(advertisedResult);
      judgeDocument(s, "metadata.advertised", advertisedClause, advertisedResult, doc, expected);
      if (s.metadata == null && matches(doc, expected)) {
        s.metadata = doc.get();
      }
    }

    JsonNode metadata = s.metadata;
    if (metadata == null) {
      s.fail(
          "metadata.authorization_servers",
          "RFC 9728 §2, MCP authz: authorization_servers present",
          "no usable metadata document");
      return;
    }
    checkAuthorizationServers(s, metadata);
    checkBearerMethods(s, metadata);

    String allowOrigin = suffixedResult.first("Access-Control-Allow-Origin");
    String corsClause = "Fetch CORS: metadata readable cross-origin (Access-Control-Allow-Origin)";
    if (allowOrigin == null) {
      s.fail("metadata.cors", corsClause, "no Access-Control-Allow-Origin for Origin " + s.origin);
    } else if (allowOrigin.equals("*") || allowOrigin.equals(s.origin)) {
      s.pass("metadata.cors", corsClause, allowOrigin);
    } else {
      s.fail(
          "metadata.cors",
          corsClause,
          "Allow-Origin " + allowOrigin + " does not admit " + s.origin);
    }
  }

  private static void checkAuthorizationServers(Session s, JsonNode metadata) {
    String clause = "RFC 9728 §2, MCP authz: authorization_servers lists absolute URLs";
    JsonNode servers = metadata.get("authorization_servers");
    if (servers == null || !servers.isArray() || servers.isEmpty()) {
      s.fail(
          "metadata.authorization_servers",
          clause,
          servers == null ? "absent" : servers.toString());
      return;
    }
    List<URI> found = new ArrayList<>();
    for (JsonNode server : servers) {
      if (!server.isTextual() || !Session.isAbsoluteHttpUrl(server.asText())) {
        s.fail("metadata.authorization_servers", clause, "not an absolute URL: " + server);
        return;
      }
      found.add(URI.create(server.asText()));
    }
    s.authorizationServers = List.copyOf(found);
    s.pass("metadata.authorization_servers", clause, servers.toString());
  }

  private static void checkBearerMethods(Session s, JsonNode metadata) {
    String clause = "RFC 9728 §2, MCP authz: bearer_methods_supported never offers query";
    JsonNode methods = metadata.get("bearer_methods_supported");
    if (methods == null) {
      s.pass("metadata.bearer_methods", clause, "absent (header implied by MCP)");
    } else if (!methods.isArray()) {
      s.fail("metadata.bearer_methods", clause, "not an array: " + methods);
    } else {
      boolean query = false;
      for (JsonNode method : methods) {
        query |= method.isTextual() && method.asText().equalsIgnoreCase("query");
      }
      if (query) {
        s.fail("metadata.bearer_methods", clause, methods.toString());
      } else {
        s.pass("metadata.bearer_methods", clause, methods.toString());
      }
    }
  }

  private static Optional<JsonNode> document(HttpResult result) {
    return result.status() == 200 ? Session.json(result) : Optional.empty();
  }

  private static boolean matches(Optional<JsonNode> doc, String expected) {
    return doc.isPresent() && expected.equals(Session.text(doc.get(), "resource"));
  }

  private static void judgeDocument(
      Session s,
      String id,
      String clause,
      HttpResult result,
      Optional<JsonNode> doc,
      String expected) {
    if (result.status() != 200) {
      s.fail(id, clause, result.describe());
    } else if (doc.isEmpty()) {
      s.fail(
          id,
          clause,
          "HTTP 200 but not a JSON object (Content-Type " + result.first("Content-Type") + ")");
    } else {
      @Nullable String resource = Session.text(doc.get(), "resource");
      if (resource == null) {
        s.fail(id, clause, "no resource field");
      } else if (!resource.equals(expected)) {
        s.fail(id, clause, "resource " + resource + " != " + expected);
      } else if (!result.isJson()) {
        s.warn(id, clause, "resource matches, but Content-Type is " + result.first("Content-Type"));
      } else {
        s.pass(id, clause, "resource " + resource);
      }
    }
  }
}
