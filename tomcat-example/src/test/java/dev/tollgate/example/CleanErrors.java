package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/** What no error response of the example may carry: stack traces, exception text, class names. */
final class CleanErrors {
  private static final List<String> LEAKS =
      List.of(
          "Exception",
          "exception",
          "stackTrace",
          "Throwable",
          "Caused by",
          "at dev.",
          "at io.",
          "at java.",
          "at org.",
          "dev.tollgate.",
          "io.modelcontextprotocol",
          "org.apache",
          "java.lang",
          "jakarta.",
          "Apache Tomcat",
          "<html");
  private static final Pattern QUALIFIED_CLASS =
      Pattern.compile("\\b[a-z]+\\.[a-z]+\\.[a-z]+\\.[A-Z]\\w+");

  private CleanErrors() {}

  /** Asserts {@code body} is one small JSON object without any leak; returns it. */
  static JsonNode assertClean(String body) throws IOException {
    for (String leak : LEAKS) {
      assertFalse(body.contains(leak), "leaks '" + leak + "': " + body);
    }
    assertFalse(QUALIFIED_CLASS.matcher(body).find(), "names a class: " + body);
    assertTrue(body.length() < 512, "not a small error object: " + body);
    JsonNode json = ExampleHttp.JSON.readTree(body);
    assertTrue(json.isObject(), body);
    return json;
  }
}
