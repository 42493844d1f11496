package dev.tollgate.testing.check;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/**
 * The {@code tollgate-check} command line:
 *
 * <pre>
 * java -jar tollgate-check.jar &lt;MCP endpoint URL&gt; [--token T] [--client-id ID --client-secret S]
 *     [--other-audience-token T] [--origin O] [--timeout SECONDS] [--json]
 * </pre>
 *
 * <p>Prints one line per check and {@code N/M checks passed} (or a JSON report with {@code
 * --json}). Exit status: 0 when no check failed, 1 when one did, 2 on a usage error. Secrets may
 * also come from the environment ({@code TOLLGATE_CHECK_TOKEN}, {@code
 * TOLLGATE_CHECK_CLIENT_SECRET}, {@code TOLLGATE_CHECK_OTHER_AUDIENCE_TOKEN}) to keep them out of
 * process listings.
 */
public final class CheckMain {
  static final String USAGE =
      "usage: java -jar tollgate-check.jar <MCP endpoint URL> [--token T]"
          + " [--client-id ID --client-secret S] [--other-audience-token T] [--origin O]"
          + " [--timeout SECONDS] [--json]";

  private CheckMain() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  /** Runs the command; returns the exit status instead of exiting, for tests. */
  static int run(
      List<String> args, java.util.Map<String, String> env, PrintStream out, PrintStream err) {
    TollgateCheck check;
    boolean json = false;
    try {
      URI endpoint = null;
      String token = env.get("TOLLGATE_CHECK_TOKEN");
      String clientId = null;
      String clientSecret = env.get("TOLLGATE_CHECK_CLIENT_SECRET");
      String other = env.get("TOLLGATE_CHECK_OTHER_AUDIENCE_TOKEN");
      String origin = null;
      Duration timeout = null;
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        switch (arg) {
          case "--json" -> json = true;
          case "--token" -> token = value(args, ++i, arg);
          case "--client-id" -> clientId = value(args, ++i, arg);
          case "--client-secret" -> clientSecret = value(args, ++i, arg);
          case "--other-audience-token" -> other = value(args, ++i, arg);
          case "--origin" -> origin = value(args, ++i, arg);
          case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i, arg)));
          case "-h", "--help" -> {
            out.println(USAGE);
            return 0;
          }
          default -> {
            if (arg.startsWith("--") || endpoint != null) {
              throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            endpoint = new URI(arg);
          }
        }
      }
      if (endpoint == null) {
        throw new IllegalArgumentException("the MCP endpoint URL is required");
      }
      if ((clientId == null) != (clientSecret == null)) {
        throw new IllegalArgumentException("--client-id and --client-secret go together");
      }
      check = TollgateCheck.against(endpoint);
      if (token != null && !token.isBlank()) {
        check.token(token);
      }
      if (clientId != null && clientSecret != null) {
        check.clientCredentials(clientId, clientSecret);
      }
      if (other != null && !other.isBlank()) {
        check.otherAudienceToken(other);
      }
      if (origin != null) {
        check.origin(origin);
      }
      if (timeout != null) {
        check.timeout(timeout);
      }
    } catch (IllegalArgumentException | URISyntaxException e) {
      err.println("tollgate-check: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    CheckReport report = check.run();
    out.print(json ? report.toJson() + "\n" : report.toText());
    out.flush();
    return report.ok() ? 0 : 1;
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(index);
  }
}
