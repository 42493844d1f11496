package dev.tollgate.example;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the server prints at start-up. The line formats are a public contract that scripts parse:
 * {@code API key for <account id>: <key>}, one per account holding a key.
 */
final class StartupBanner {
  private StartupBanner() {}

  /**
   * The MCP Inspector release the printed lines were tested with (it needs Node 22.19 or later).
   */
  static final String INSPECTOR = "@modelcontextprotocol/inspector@2.12.0";

  static void print(
      PrintStream out,
      InetAddress host,
      int port,
      URI resource,
      URI resourceMetadataUrl,
      URI accountPage,
      @Nullable URI devIssuer,
      @Nullable URI devTokenEndpoint,
      Map<String, Optional<String>> apiKeys) {
    out.println("Tollgate example MCP server: " + resource);
    String address = host.getHostAddress();
    String listening = (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    out.println(
        "Listening on "
            + listening
            + (host.isLoopbackAddress()
                ? " (this machine only; set HOST=0.0.0.0 to accept other machines)"
                : host.isAnyLocalAddress()
                    ? " (every interface: anyone who can reach it can use the demo keys)"
                    : ""));
    out.println("Protected resource metadata: " + resourceMetadataUrl);
    out.println("Account page (API key, connected apps): " + accountPage);
    if (devIssuer != null) {
      out.println(
          "Development authorization server (development only, NOT for production): " + devIssuer);
    }
    if (devTokenEndpoint != null) {
      out.println("Token endpoint: " + devTokenEndpoint);
    }
    String sampleKey = null;
    for (Map.Entry<String, Optional<String>> entry : apiKeys.entrySet()) {
      if (entry.getValue().isPresent()) {
        out.println("API key for " + entry.getKey() + ": " + entry.getValue().get());
        if (sampleKey == null) {
          sampleKey = entry.getValue().get();
        }
      } else {
        out.println("No API key for " + entry.getKey() + ": the account is not eligible for one");
      }
    }
    if (devTokenEndpoint != null) {
      out.println("Get an OAuth token (client credentials; the client id names the demo account):");
      out.println(
          "curl -s -u demo-pro:x -d grant_type=client_credentials -d scope=mcp -d resource="
              + resource
              + " "
              + devTokenEndpoint);
      out.println(
          "Sign in with MCP Inspector (Node 22.19 or later; registers itself, opens the sign-in page):");
      out.println("npx " + INSPECTOR + " --cli " + resource + " --method tools/list");
    }
    if (sampleKey != null) {
      out.println("Try it with an API key:");
      out.println(
          "curl -i -X POST "
              + resource
              + " -H 'Authorization: Bearer "
              + sampleKey
              + "'"
              + " -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream'"
              + " -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
              + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
              + "\"clientInfo\":{\"name\":\"curl\",\"version\":\"1.0\"}}}'");
      out.println(
          "npx "
              + INSPECTOR
              + " --cli "
              + resource
              + " --transport http --header 'Authorization: Bearer "
              + sampleKey
              + "'"
              + " --method tools/list");
    }
    out.flush();
  }
}
