package dev.tollgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestViewBuilderTest {

  @Test
  void buildWhenHeaderLinesOfMixedCaseThenMatchedCaseInsensitivelyInOrder() {
    RequestView view =
        RequestView.builder("POST", "/mcp")
            .header("Authorization", "Bearer a")
            .header("authorization", "Bearer b")
            .build();

    assertEquals(List.of("Bearer a", "Bearer b"), view.headers("AUTHORIZATION"));
    assertEquals(List.of(), view.headers("Origin"));
  }

  @Test
  void buildWhenOnlyMethodAndPathThenDefaults() {
    RequestView view = RequestView.builder("GET", "/app/mcp").build();

    assertEquals("/app/mcp", view.routedPath());
    assertNull(view.queryString());
    assertNull(view.remoteAddress());
    assertNull(view.mcpMethod());
    assertNull(view.mcpToolName());
    assertEquals("GET /app/mcp", view.toString());
  }

  @Test
  void buildWhenEveryPartSetThenViewAnswersThem() {
    RequestView view =
        RequestView.builder("POST", "/app/mcp/%61dmin")
            .routedPath("/mcp/admin")
            .queryString("a=1")
            .remoteAddress("192.0.2.7")
            .mcpCall("tools/call", "search")
            .build();

    assertEquals("/mcp/admin", view.routedPath());
    assertEquals("a=1", view.queryString());
    assertEquals("192.0.2.7", view.remoteAddress());
    assertEquals("tools/call", view.mcpMethod());
    assertEquals("search", view.mcpToolName());
  }

  @Test
  void buildWhenSourceMapChangedAfterwardsThenViewUnchanged() {
    List<String> values = new ArrayList<>(List.of("Bearer a"));
    Map<String, List<String>> headers = new HashMap<>(Map.of("Authorization", values));
    RequestView view = RequestView.of("POST", "/mcp", headers, null);

    values.add("Bearer b");
    headers.put("Origin", List.of("https://evil.example"));

    assertEquals(List.of("Bearer a"), view.headers("Authorization"));
    assertEquals(List.of(), view.headers("Origin"));
    assertThrows(UnsupportedOperationException.class, () -> view.headers("Authorization").add("x"));
  }

  @Test
  void builderWhenSingleValuedPartSetTwiceThenFailsFast() {
    RequestView.Builder builder = RequestView.builder("GET", "/mcp").remoteAddress("192.0.2.7");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.remoteAddress("192.0.2.8"));
    assertEquals("remoteAddress was already set", e.getMessage());
    assertThrows(IllegalStateException.class, () -> builder.routedPath("/a").routedPath("/b"));
    assertThrows(
        IllegalStateException.class, () -> builder.mcpCall("ping", null).mcpCall("ping", null));
    assertThrows(IllegalStateException.class, () -> builder.queryString(null).queryString("a"));
  }

  @Test
  void viewsWhenBuiltAlikeThenEqual() {
    assertEquals(
        RequestView.builder("GET", "/mcp").header("Origin", "https://a.example").build(),
        RequestView.of("GET", "/mcp", Map.of("origin", List.of("https://a.example")), null));
  }
}
