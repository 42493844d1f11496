package dev.tollgate.config;

import static dev.tollgate.config.TollgateSettings.ACCOUNT_CLAIM;
import static dev.tollgate.config.TollgateSettings.AUDIENCE;
import static dev.tollgate.config.TollgateSettings.AUDIENCE_SCOPE_PREFIX;
import static dev.tollgate.config.TollgateSettings.INTROSPECTION_ISSUERS;
import static dev.tollgate.config.TollgateSettings.ISSUER;
import static dev.tollgate.config.TollgateSettings.JWKS_URI;
import static dev.tollgate.config.TollgateSettings.SCOPE_CLAIMS;
import static dev.tollgate.config.TollgateSettings.TOKEN_TYPES;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.CredentialResolver;
import dev.tollgate.jwt.JwtAccessTokenResolver;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JWT part of {@link TollgateSettings}: trusted issuers (their keys from {@code jwks-uri} or
 * discovered), accepted audiences, token types, scope claims, the account claim, Cognito's audience
 * scope prefix, and the issuers whose JWTs go to introspection instead.
 */
final class JwtSettings {
  final List<String> issuers;
  final @Nullable URI jwksUri;
  final List<String> audiences;
  final @Nullable Set<String> tokenTypes;
  final @Nullable List<String> scopeClaims;
  final @Nullable String accountClaim;
  final @Nullable String audienceScopePrefix;
  final Set<String> introspectionIssuers;

  JwtSettings(SettingReader in, URI resource) {
    List<String> urls = new ArrayList<>();
    for (URI issuer : in.urls(ISSUER)) {
      if (urls.contains(issuer.toString())) {
        throw SettingReader.failure(ISSUER, "names " + issuer + " twice");
      }
      urls.add(issuer.toString());
    }
    this.issuers = List.copyOf(urls);
    this.jwksUri = in.url(JWKS_URI);
    if (issuers.isEmpty() && jwksUri != null) {
      throw SettingReader.failure(
          ISSUER, "is required when " + SettingReader.label(JWKS_URI) + " is set");
    }
    if (issuers.size() > 1 && jwksUri != null) {
      throw SettingReader.failure(
          JWKS_URI,
          "names the keys of one issuer, but "
              + SettingReader.label(ISSUER)
              + " trusts "
              + issuers.size()
              + ": leave "
              + SettingReader.label(JWKS_URI)
              + " unset and each issuer's keys are discovered"
              + " from its metadata");
    }
    List<String> audienceList = in.list(AUDIENCE);
    this.audiences =
        audienceList.isEmpty()
            ? List.of(resource.toString())
            : List.copyOf(new LinkedHashSet<>(audienceList));
    List<String> types = in.list(TOKEN_TYPES);
    this.tokenTypes = types.isEmpty() ? null : Set.copyOf(types);
    List<String> claims = in.list(SCOPE_CLAIMS);
    this.scopeClaims = claims.isEmpty() ? null : List.copyOf(claims);
    this.accountClaim = in.string(ACCOUNT_CLAIM);
    String prefix = in.string(AUDIENCE_SCOPE_PREFIX);
    if (prefix != null && prefix.endsWith("/")) {
      throw SettingReader.failure(
          AUDIENCE_SCOPE_PREFIX,
          "is the resource server identifier, without the '/' before the scope name");
    }
    this.audienceScopePrefix = prefix;
    Set<String> routed = new LinkedHashSet<>();
    for (URI issuer : in.urls(INTROSPECTION_ISSUERS)) {
      routed.add(issuer.toString());
    }
    this.introspectionIssuers = Set.copyOf(routed);
    // Checked once here, so a bad value fails at start-up naming its setting.
    if (!issuers.isEmpty()) {
      // Built only to be checked: closed at once, so its JWK sources start nothing.
      resolver(TollgateSettings.DEFAULT_ALGORITHMS, null, "plan").close();
    }
  }

  /** Whether JWTs are verified here (at least one trusted issuer). */
  boolean verifiesJwts() {
    return !issuers.isEmpty();
  }

  /**
   * The resolver these settings describe; the builder's own checks name the setting at fault.
   * {@code planClaim} is kept among the principal's attributes besides the default ones, since the
   * tool plans are read from it.
   */
  JwtAccessTokenResolver resolver(
      Set<JWSAlgorithm> algorithms, @Nullable Duration clockSkew, String planClaim) {
    return resolver(algorithms, clockSkew, planClaim, null);
  }

  /**
   * As {@link #resolver(Set, Duration, String)}, sending the JWTs of {@link #introspectionIssuers}
   * to {@code introspection} when it is given; {@code null} when it would have no route at all (no
   * trusted issuer, and no introspected one).
   */
  @Nullable JwtAccessTokenResolver resolverOrNull(
      Set<JWSAlgorithm> algorithms,
      @Nullable Duration clockSkew,
      String planClaim,
      @Nullable CredentialResolver introspection) {
    boolean introspects = introspection != null && !introspectionIssuers.isEmpty();
    return verifiesJwts() || introspects
        ? resolver(algorithms, clockSkew, planClaim, introspects ? introspection : null)
        : null;
  }

  private JwtAccessTokenResolver resolver(
      Set<JWSAlgorithm> algorithms,
      @Nullable Duration clockSkew,
      String planClaim,
      @Nullable CredentialResolver introspection) {
    JwtAccessTokenResolver.Builder jwt = JwtAccessTokenResolver.builder().algorithms(algorithms);
    if (introspection != null) {
      jwt.introspectedIssuers(introspectionIssuers, introspection);
    }
    if (!JwtAccessTokenResolver.DEFAULT_ATTRIBUTE_CLAIMS.contains(planClaim)) {
      Set<String> kept = new HashSet<>(JwtAccessTokenResolver.DEFAULT_ATTRIBUTE_CLAIMS);
      kept.add(planClaim);
      jwt.attributeClaims(kept);
    }
    issuers.forEach(jwt::issuer);
    if (jwksUri != null) {
      jwt.jwksUri(jwksUri);
    }
    audiences.forEach(jwt::audience);
    if (clockSkew != null) {
      jwt.clockSkew(clockSkew);
    }
    apply(
        TOKEN_TYPES,
        () -> {
          if (tokenTypes != null) {
            jwt.tokenTypes(tokenTypes);
          }
        });
    apply(
        SCOPE_CLAIMS,
        () -> {
          if (scopeClaims != null) {
            jwt.scopeClaims(scopeClaims);
          }
        });
    apply(
        ACCOUNT_CLAIM,
        () -> {
          if (accountClaim != null) {
            jwt.accountIdClaim(accountClaim);
          }
        });
    apply(
        AUDIENCE_SCOPE_PREFIX,
        () -> {
          if (audienceScopePrefix != null) {
            jwt.audienceScopePrefix(audienceScopePrefix);
          }
        });
    try {
      return jwt.build();
    } catch (IllegalStateException e) {
      throw SettingReader.failure(ISSUER, e.getMessage(), e);
    }
  }

  private static void apply(String key, Runnable setting) {
    try {
      setting.run();
    } catch (IllegalStateException e) {
      throw SettingReader.failure(key, e.getMessage(), e);
    }
  }
}
