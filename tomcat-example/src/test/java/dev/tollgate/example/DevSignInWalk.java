package dev.tollgate.example;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person at the development authorization server, as a browser without scripts would be: it
 * follows the authorization request to the sign-in page, picks a demo account there, approves the
 * consent page when one comes, and hands back the redirect with the code. Cookies are kept per
 * walk, as one browser's.
 */
final class DevSignInWalk {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");
  private static final Pattern SCOPE_BOX =
      Pattern.compile(
          "name=\"scope\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"scope\"");

  private final HttpClient client =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** What the walk saw: the pages, and the final redirect to the client. */
  record Outcome(
      URI redirect, boolean signInPageShown, boolean consentPageShown, String consentPage) {
    String param(String name) {
      return query(redirect.getRawQuery()).get(name);
    }
  }

  /** A PKCE pair. */
  record Pkce(String verifier, String challenge) {
    static Pkce create() {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      try {
        String challenge =
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    MessageDigest.getInstance("SHA-256")
                        .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        return new Pkce(verifier, challenge);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Walks {@code authorize} (a full authorization request URL) as {@code account} until the server
   * redirects to a URL starting with {@code redirectPrefix}.
   */
  Outcome walk(URI authorize, String account, String redirectPrefix)
      throws IOException, InterruptedException {
    URI next = authorize;
    String method = "GET";
    String body = null;
    boolean signIn = false;
    boolean consent = false;
    String consentPage = "";
    for (int step = 0; step < 10; step++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(next).timeout(TIMEOUT);
      if ("POST".equals(method)) {
        request
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
      } else {
        request.GET();
      }
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 302 || response.statusCode() == 303) {
        URI location = next.resolve(response.headers().firstValue("Location").orElseThrow());
        if (location.toString().startsWith(redirectPrefix)) {
          return new Outcome(location, signIn, consent, consentPage);
        }
        next = location;
        method = "GET";
        body = null;
        continue;
      }
      if (response.statusCode() != 200) {
        throw new AssertionError(
            next + " answered " + response.statusCode() + ": " + response.body());
      }
      String html = response.body();
      Map<String, String> form = hidden(html);
      if (html.contains("name=\"username\"")) {
        signIn = true;
        form.put("username", account);
        next = next.resolve(action(html));
      } else if (html.contains("name=\"scope\"") || html.toLowerCase().contains("consent")) {
        consent = true;
        consentPage = html;
        List<String> scopes = new ArrayList<>();
        Matcher boxes = SCOPE_BOX.matcher(html);
        while (boxes.find()) {
          scopes.add(boxes.group(1) != null ? boxes.group(1) : boxes.group(2));
        }
        next = next.resolve(action(html));
        body =
            encode(form)
                + scopes.stream()
                    .map(s -> "&scope=" + URLEncoder.encode(s, StandardCharsets.UTF_8))
                    .collect(Collectors.joining());
        method = "POST";
        continue;
      } else {
        throw new AssertionError("unexpected page at " + next + ": " + html);
      }
      method = "POST";
      body = encode(form);
    }
    throw new AssertionError("no redirect to " + redirectPrefix + " after 10 steps");
  }

  private static String action(String html) {
    Matcher action = Pattern.compile("<form[^>]*action=\"([^\"]+)\"").matcher(html);
    if (!action.find()) {
      throw new AssertionError("no form: " + html);
    }
    return action.group(1).replace("&amp;", "&");
  }

  private static Map<String, String> hidden(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher matcher = HIDDEN.matcher(html);
    while (matcher.find()) {
      fields.put(
          matcher.group(1),
          matcher.group(2).replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'"));
    }
    return fields;
  }

  static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      params.putIfAbsent(
          name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }
}
