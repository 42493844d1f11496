package com.example.mcp;

import dev.tollgate.TollgatePrincipal;
import dev.tollgate.servlet.TollgateFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The user's own MCP endpoint, standing in for a real one: it answers with the caller's account. */
public class McpServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    TollgatePrincipal caller = TollgateFilter.principal(request).orElseThrow();
    response.setContentType("application/json");
    response.getOutputStream()
        .write(("{\"account\":\"" + caller.accountId() + "\"}").getBytes(StandardCharsets.UTF_8));
  }
}
