package dev.tollgate.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The builders' one rule for single-valued settings (Caffeine's): a second call fails at once,
 * naming the setting and what it was set to, rather than silently replacing the first. Not API.
 */
public final class SetOnce {
  private final Map<String, String> set = new HashMap<>();

  /**
   * Records that {@code setting} is being set to {@code shown} (what the message shows of the
   * value: never a secret).
   *
   * @throws NullPointerException when {@code shown} is null (the value was)
   * @throws IllegalStateException when {@code setting} was set before
   */
  public void set(String setting, Object shown) {
    Objects.requireNonNull(shown, setting + " == null");
    String before = set.putIfAbsent(setting, String.valueOf(shown));
    if (before != null) {
      throw new IllegalStateException(setting + " was already set to " + before);
    }
  }

  /** Whether {@code setting} was set. */
  public boolean isSet(String setting) {
    return set.containsKey(setting);
  }
}
