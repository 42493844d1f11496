package dev.tollgate.servlet;

import dev.tollgate.testsupport.TomcatServer;

/** {@link PathRuleContract} on embedded Tomcat 11. */
class PathRuleTomcatTest extends PathRuleContract {
  private TomcatServer server;

  @Override
  int start() {
    server =
        TomcatServer.start(
            (context, base) -> {
              TomcatServer.filter(
                  context, "tollgate", new TollgateFilter(gate(base.resolve("/mcp"))), "/mcp/*");
              TomcatServer.servlet(context, "mcp", rootServlet, "/mcp/*");
            });
    server.addContext(
        CONTEXT,
        (context, base) -> {
          TomcatServer.filter(
              context,
              "tollgate",
              new TollgateFilter(gate(base.resolve(CONTEXT + "/mcp"))),
              "/mcp/*");
          TomcatServer.servlet(context, "mcp", appServlet, "/mcp/*");
        });
    return server.port();
  }

  @Override
  void stop() {
    server.close();
  }
}
