package dev.tollgate.bearer;

import dev.tollgate.Credential;
import java.util.Objects;

/** What {@link BearerTokenExtractor} found in a request. */
public sealed interface BearerExtraction
    permits BearerExtraction.Found, BearerExtraction.Absent, BearerExtraction.Malformed {

  /** Exactly one well-formed Bearer credential, in the {@code Authorization} header. */
  record Found(Credential credential) implements BearerExtraction {
    public Found {
      Objects.requireNonNull(credential, "credential == null");
    }
  }

  /**
   * No Bearer credential: no {@code Authorization} header, another scheme, or only a query-string
   * token (which MCP forbids, so it is ignored). Answered with a 401 challenge without {@code
   * error} (RFC 6750 §3.1).
   */
  record Absent() implements BearerExtraction {}

  /** The request is malformed (400 {@code invalid_request}); {@code description} is fixed text. */
  record Malformed(String description) implements BearerExtraction {
    public Malformed {
      Objects.requireNonNull(description, "description == null");
    }
  }
}
