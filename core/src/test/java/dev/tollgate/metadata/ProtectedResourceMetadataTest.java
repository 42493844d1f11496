package dev.tollgate.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtectedResourceMetadataTest {
  private static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void toJsonWhenOnlyResourceThenResourceAndHeaderMethod() throws Exception {
    JsonNode document = json.readTree(ProtectedResourceMetadata.builder(RESOURCE).build().toJson());

    assertEquals(Set.of("resource", "bearer_methods_supported"), fieldNames(document));
    assertEquals("https://mcp.example.com/mcp", document.get("resource").asText());
    assertEquals("header", document.get("bearer_methods_supported").get(0).asText());
  }

  @Test
  void toJsonWhenEveryFieldSetThenEveryRfc9728FieldPresent() throws Exception {
    ProtectedResourceMetadata metadata =
        ProtectedResourceMetadata.builder(RESOURCE)
            .authorizationServer(URI.create("https://auth.example.com"))
            .jwksUri(URI.create("https://mcp.example.com/jwks"))
            .scopesSupported(List.of("mcp", "mcp:tools:read"))
            .resourceSigningAlgValuesSupported(List.of("ES256"))
            .resourceName("Example MCP")
            .resourceDocumentation(URI.create("https://example.com/docs"))
            .resourcePolicyUri(URI.create("https://example.com/policy"))
            .resourceTosUri(URI.create("https://example.com/tos"))
            .tlsClientCertificateBoundAccessTokens(true)
            .authorizationDetailsTypesSupported(List.of("payment"))
            .dpopSigningAlgValuesSupported(List.of("ES256"))
            .dpopBoundAccessTokensRequired(true)
            .signedMetadata("eyJ.eyJ.sig")
            .build();

    JsonNode document = json.readTree(metadata.toJson());

    assertEquals(
        new TreeSet<>(
            List.of(
                "resource",
                "authorization_servers",
                "jwks_uri",
                "scopes_supported",
                "bearer_methods_supported",
                "resource_signing_alg_values_supported",
                "resource_name",
                "resource_documentation",
                "resource_policy_uri",
                "resource_tos_uri",
                "tls_client_certificate_bound_access_tokens",
                "authorization_details_types_supported",
                "dpop_signing_alg_values_supported",
                "dpop_bound_access_tokens_required",
                "signed_metadata")),
        fieldNames(document));
    assertTrue(document.get("dpop_bound_access_tokens_required").asBoolean());
    assertEquals("https://auth.example.com", document.get("authorization_servers").get(0).asText());
  }

  @Test
  void scopesSupportedWhenOfflineAccessGivenThenNeverAdvertised() throws Exception {
    ProtectedResourceMetadata metadata =
        ProtectedResourceMetadata.builder(RESOURCE)
            .scopesSupported(List.of("mcp", "offline_access", "mcp"))
            .build();

    assertEquals(List.of("mcp"), metadata.scopesSupported());
    assertFalse(metadata.toJson().contains("offline_access"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/mcp",
        "mcp",
        "ftp://example.com/mcp",
        "https://example.com/mcp#frag",
        "https://example.com/mcp?x=1",
        "https://user:pw@example.com/mcp",
        "urn:example:mcp",
        "https:///mcp"
      })
  void builderWhenResourceNotAnAbsoluteHttpUrlThenRejected(String resource) {
    assertThrows(
        IllegalArgumentException.class,
        () -> ProtectedResourceMetadata.builder(URI.create(resource)));
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
