package dev.runway.core.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The record a builder keeps of the settings it was given, so that a setting given twice is refused
 * (as Caffeine's builders do) instead of the second value silently winning: two calls that set the
 * same thing are almost always a mistake of composition, such as a factory and the caller both
 * configuring it. The message names the setting and both values; a secret's values are masked. Not
 * thread-safe, like the builders that hold it.
 */
public final class SetOnce {

  private final String builder;
  private final Map<String, String> given = new HashMap<>();

  /**
   * Creates the record.
   *
   * @param builder the builder's name for messages, such as {@code "AthenaDatabaseClient.Builder"}
   */
  public SetOnce(String builder) {
    this.builder = Objects.requireNonNull(builder, "builder");
  }

  /**
   * Records that {@code setting} is being set to {@code value}.
   *
   * @throws IllegalStateException if it was set before, naming both values
   */
  public void check(String setting, @Nullable Object value) {
    record(
        setting,
        value instanceof Object[] array
            ? Arrays.deepToString(array)
            : value != null && value.getClass().isArray()
                ? Arrays.deepToString(new Object[] {value})
                : String.valueOf(value));
  }

  /**
   * Records that the secret {@code setting} is being set; its values never appear in a message.
   *
   * @throws IllegalStateException if it was set before
   */
  public void checkSecret(String setting) {
    record(setting, "***");
  }

  private void record(String setting, String shown) {
    Objects.requireNonNull(setting, "setting");
    String before = given.putIfAbsent(setting, shown);
    if (before != null) {
      throw new IllegalStateException(
          builder
              + ": "
              + setting
              + " was already set to "
              + before
              + "; it cannot be set again (to "
              + shown
              + ")");
    }
  }

  /** Returns whether {@code setting} was given. */
  public boolean isSet(String setting) {
    return given.containsKey(setting);
  }
}
