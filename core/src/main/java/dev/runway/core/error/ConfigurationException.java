package dev.runway.core.error;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown at start when the configuration is wrong: an unknown key or type, a missing required key,
 * a malformed value. The message names the key and what is allowed; a secret value is never
 * included.
 */
public class ConfigurationException extends RunwayClientException {

  private static final long serialVersionUID = 1L;

  private final @Nullable String key;

  /** Creates the exception for a problem not tied to one key. */
  public ConfigurationException(String message) {
    this(null, message, null);
  }

  /**
   * Creates the exception for one key.
   *
   * @param key the full dotted key, such as {@code cache.ttl}, or {@code null}
   * @param message what is wrong and what is allowed
   * @param cause the parse failure, or {@code null}
   */
  public ConfigurationException(@Nullable String key, String message, @Nullable Throwable cause) {
    super(key == null ? message : key + ": " + message, cause);
    this.key = key;
  }

  /** Returns the dotted key the problem is about, when there is one. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }
}
