package dev.tollgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.CredentialKind;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.internal.JsonValues;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Maps a "who am I" response object onto a principal, through the configured field paths. */
final class AccountResponse {
  private final FieldPath accountId;
  private final @Nullable FieldPath subject;
  private final @Nullable FieldPath plan;
  private final @Nullable FieldPath credits;
  private final @Nullable FieldPath scopes;
  private final CredentialKind kind;

  AccountResponse(
      FieldPath accountId,
      @Nullable FieldPath subject,
      @Nullable FieldPath plan,
      @Nullable FieldPath credits,
      @Nullable FieldPath scopes,
      CredentialKind kind) {
    this.accountId = accountId;
    this.subject = subject;
    this.plan = plan;
    this.credits = credits;
    this.scopes = scopes;
    this.kind = kind;
  }

  /**
   * The principal, or {@code null} when the response does not have the configured shape (no account
   * id, or a value of the wrong type): that is the API's or the configuration's fault.
   */
  @Nullable TollgatePrincipal map(JsonNode response) {
    String account = identifier(accountId.find(response));
    if (account == null) {
      return null;
    }
    TollgatePrincipal.Builder principal = TollgatePrincipal.builder(account).kind(kind);
    Map<String, Object> attributes = new LinkedHashMap<>();
    if (subject != null) {
      JsonNode node = subject.find(response);
      if (!absent(node)) {
        String value = identifier(node);
        if (value == null) {
          return null;
        }
        principal.subject(value);
      }
    }
    if (plan != null) {
      JsonNode node = plan.find(response);
      if (!absent(node)) {
        if (!node.isTextual()) {
          return null;
        }
        attributes.put(UpstreamAccountResolver.PLAN_ATTRIBUTE, node.textValue());
      }
    }
    if (credits != null) {
      JsonNode node = credits.find(response);
      if (!absent(node)) {
        if (!node.isNumber()) {
          return null;
        }
        attributes.put(UpstreamAccountResolver.CREDITS_ATTRIBUTE, node.numberValue());
      }
    }
    if (scopes != null) {
      JsonNode node = scopes.find(response);
      if (!absent(node)) {
        Set<String> values = scopeSet(node);
        if (values == null) {
          return null;
        }
        principal.scopes(values);
      }
    }
    return principal.attributes(attributes).build();
  }

  private static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull();
  }

  /** A non-empty string, or an integral number as its decimal text (numeric account ids). */
  private static @Nullable String identifier(JsonNode node) {
    if (node.isTextual() && !node.textValue().isEmpty()) {
      return node.textValue();
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    return null;
  }

  /** An array of strings, or one space-delimited string as in RFC 6749 §3.3. */
  private static @Nullable Set<String> scopeSet(JsonNode node) {
    if (node.isTextual()) {
      return JsonValues.spaceDelimited(node.textValue());
    }
    if (!node.isArray()) {
      return null;
    }
    Set<String> values = new LinkedHashSet<>();
    for (JsonNode element : node) {
      if (!element.isTextual() || element.textValue().isEmpty()) {
        return null;
      }
      values.add(element.textValue());
    }
    return values;
  }
}
