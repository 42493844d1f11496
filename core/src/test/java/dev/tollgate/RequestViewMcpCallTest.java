package dev.tollgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestViewMcpCallTest {
  private final RequestView plain =
      RequestView.of("POST", "/mcp", Map.of("Authorization", List.of("Bearer a")), "x=1");

  @Test
  void mcpMethodWhenAdapterSuppliedNoneThenNull() {
    assertNull(plain.mcpMethod());
    assertNull(plain.mcpToolName());
  }

  @Test
  void withMcpCallWhenDecoratedThenMcpFieldsAddedAndRestDelegated() {
    RequestView view = RequestView.withMcpCall(plain, "tools/call", "charge");

    assertEquals("tools/call", view.mcpMethod());
    assertEquals("charge", view.mcpToolName());
    assertEquals("POST", view.method());
    assertEquals("/mcp", view.path());
    assertEquals(List.of("Bearer a"), view.headers("authorization"));
    assertEquals("x=1", view.queryString());
    assertEquals(plain.toString(), view.toString());
  }
}
