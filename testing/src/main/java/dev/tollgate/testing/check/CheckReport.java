package dev.tollgate.testing.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The results of one {@link TollgateCheck} run, in the order the checks ran. */
public final class CheckReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final URI endpoint;
  private final List<CheckResult> results;

  CheckReport(URI endpoint, List<CheckResult> results) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint == null");
    this.results = List.copyOf(results);
  }

  /** The endpoint checked. */
  public URI endpoint() {
    return endpoint;
  }

  public List<CheckResult> results() {
    return results;
  }

  /** The failed checks; empty when the server passed. */
  public List<CheckResult> failures() {
    return results.stream().filter(r -> r.status() == CheckStatus.FAIL).toList();
  }

  /** The result of check {@code id}, if it ran. */
  public Optional<CheckResult> result(String id) {
    return results.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The status of check {@code id}. */
  public CheckStatus status(String id) {
    return result(id)
        .orElseThrow(
            () -> new IllegalArgumentException("check " + id + " did not run; ran: " + ids()))
        .status();
  }

  public long passedCount() {
    return results.stream().filter(r -> r.status() == CheckStatus.PASS).count();
  }

  /** Whether no check failed (warnings allowed). */
  public boolean ok() {
    return failures().isEmpty();
  }

  /** Throws an {@link AssertionError} listing every failed check, if any failed. */
  public void assertAllPassed() {
    if (!ok()) {
      StringBuilder message =
          new StringBuilder(failures().size() + " check(s) failed against " + endpoint + ":");
      failures().forEach(f -> message.append("\n  ").append(f.id()).append(": ").append(f.line()));
      throw new AssertionError(message.toString());
    }
  }

  /** One line per check, then {@code N/M checks passed}. */
  public String toText() {
    StringBuilder text = new StringBuilder();
    results.forEach(r -> text.append(r.line()).append('\n'));
    text.append(passedCount()).append('/').append(results.size()).append(" checks passed\n");
    return text.toString();
  }

  /** The report as a JSON object: endpoint, counts, and every result. */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("endpoint", endpoint.toString());
    json.put("passed", passedCount());
    json.put("total", results.size());
    json.put("ok", ok());
    json.put(
        "results",
        results.stream()
            .map(
                r -> {
                  Map<String, String> entry = new LinkedHashMap<>();
                  entry.put("id", r.id());
                  entry.put("status", r.status().name());
                  entry.put("clause", r.clause());
                  entry.put("seen", r.seen());
                  return entry;
                })
            .toList());
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings always serialize", e);
    }
  }

  private List<String> ids() {
    return results.stream().map(CheckResult::id).toList();
  }

  @Override
  public String toString() {
    return toText();
  }
}
