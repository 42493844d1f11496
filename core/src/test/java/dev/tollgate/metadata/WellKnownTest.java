package dev.tollgate.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WellKnownTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://mcp.example.com/mcp, https://mcp.example.com/.well-known/oauth-protected-resource/mcp",
    "https://mcp.example.com/mcp/, https://mcp.example.com/.well-known/oauth-protected-resource/mcp",
    "https://mcp.example.com, https://mcp.example.com/.well-known/oauth-protected-resource",
    "https://mcp.example.com/, https://mcp.example.com/.well-known/oauth-protected-resource",
    "http://localhost:8080/mcp, http://localhost:8080/.well-known/oauth-protected-resource/mcp",
    "https://example.com/tenant/a/mcp, https://example.com/.well-known/oauth-protected-resource/tenant/a/mcp",
    "https://example.com/a%20b, https://example.com/.well-known/oauth-protected-resource/a%20b",
  })
  void metadataUrlWhenResourceGivenThenWellKnownInsertedAfterHost(
      String resource, String expected) {
    assertEquals(URI.create(expected), WellKnown.metadataUrl(URI.create(resource)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://mcp.example.com/mcp, https://mcp.example.com/.well-known/oauth-protected-resource",
    "http://127.0.0.1:9/x/y, http://127.0.0.1:9/.well-known/oauth-protected-resource",
  })
  void rootMetadataUrlWhenResourceGivenThenOriginOnly(String resource, String expected) {
    assertEquals(URI.create(expected), WellKnown.rootMetadataUrl(URI.create(resource)));
  }
}
