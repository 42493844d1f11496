package dev.tollgate.account.servlet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The account endpoints as a table: method and path pattern (relative to the servlet's mapping,
 * matched on the raw request URI so a client id is decoded exactly once) to the scope it needs and
 * the action that serves it. A path no pattern matches is a 404; a path some pattern matches, with
 * a method none of its routes takes, a 405 whose {@code Allow} lists the methods they do take, in
 * the order below.
 */
enum AccountRoute {
  READ_ACCOUNT("GET", Paths.ACCOUNT, true, AccountActions::account),
  CREATE_KEY("POST", Paths.API_KEY, false, AccountActions::createKey),
  REVOKE_KEY("DELETE", Paths.API_KEY, false, AccountActions::revokeKey),
  RENEW_KEY("POST", Paths.RENEW, false, AccountActions::renewKey),
  LIST_CONNECTIONS("GET", Paths.CONNECTIONS, true, AccountActions::connections),
  DISCONNECT("DELETE", Paths.CONNECTION, false, AccountActions::disconnect),
  RECONNECT("POST", Paths.RECONNECT, false, AccountActions::reconnect);

  /**
   * The path patterns; group 1, where there is one, is the raw {@code {clientId}} segment. A
   * trailing slash is accepted on the two collections only, as before.
   */
  private static final class Paths {
    static final String ACCOUNT = "/?";
    static final String API_KEY = "/api-key";
    static final String RENEW = "/api-key/renew";
    static final String CONNECTIONS = "/connections/?";
    static final String CONNECTION = "/connections/([^/]+)";
    static final String RECONNECT = "/connections/([^/]+)/reconnect";
  }

  /** What a route does; the routes' actions are method references to {@link AccountActions}. */
  @FunctionalInterface
  interface Action {
    void perform(AccountActions actions, AccountActions.Call call) throws IOException;
  }

  private final String method;
  private final Pattern path;
  private final boolean read;

  // Stateless: each action is a method reference that takes everything it uses as arguments.
  @SuppressWarnings("ImmutableEnumChecker")
  private final Action action;

  AccountRoute(String method, String path, boolean read, Action action) {
    this.method = method;
    this.path = Pattern.compile(path);
    this.read = read;
    this.action = action;
  }

  /** The HTTP method, as {@code Allow} lists it. */
  String method() {
    return method;
  }

  /** Whether the read scope is enough; every other route needs the manage scope. */
  boolean read() {
    return read;
  }

  void perform(AccountActions actions, AccountActions.Call call) throws IOException {
    action.perform(actions, call);
  }

  /**
   * The raw {@code {clientId}} segment of {@code path}, which this route matches; {@code null} for
   * a route without one.
   */
  @Nullable String clientIdSegment(String path) {
    Matcher matcher = this.path.matcher(path);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a path of " + this);
    }
    return matcher.groupCount() > 0 ? matcher.group(1) : null;
  }

  /** The routes whose pattern matches {@code path}, in the table's order; empty: a 404. */
  static List<AccountRoute> at(String path) {
    List<AccountRoute> routes = new ArrayList<>(2);
    for (AccountRoute route : values()) {
      if (route.path.matcher(path).matches()) {
        routes.add(route);
      }
    }
    return routes;
  }

  /** The one of {@code routes} for {@code method}, or {@code null}: a 405. */
  static @Nullable AccountRoute forMethod(List<AccountRoute> routes, String method) {
    for (AccountRoute route : routes) {
      if (route.method.equals(method)) {
        return route;
      }
    }
    return null;
  }

  /** The {@code Allow} value of a 405 on the path of {@code routes}. */
  static String allow(List<AccountRoute> routes) {
    return String.join(", ", routes.stream().map(AccountRoute::method).toList());
  }
}
