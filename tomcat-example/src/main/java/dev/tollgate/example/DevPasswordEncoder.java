package dev.tollgate.example;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Client secrets: those issued by Dynamic Client Registration are stored hashed and checked; a
 * client stored with {@link #ANY_SECRET} (any client id, for client credentials) accepts any.
 * Stored secrets are never re-encoded: that would turn an any-secret client into a registered one.
 */
final class DevPasswordEncoder implements PasswordEncoder {
  static final String ANY_SECRET = "{any}";

  private final PasswordEncoder hashing =
      PasswordEncoderFactories.createDelegatingPasswordEncoder();

  @Override
  public @Nullable String encode(@Nullable CharSequence rawPassword) {
    return hashing.encode(rawPassword);
  }

  @Override
  public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
    if (ANY_SECRET.equals(encodedPassword)) {
      return rawPassword != null && rawPassword.length() > 0;
    }
    return hashing.matches(rawPassword, encodedPassword);
  }

  @Override
  public boolean upgradeEncoding(@Nullable String encodedPassword) {
    return false;
  }
}
