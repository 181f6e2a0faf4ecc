package dev.runway.core.health;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The health of one component, as reported by its {@code health()} method.
 *
 * @param component the component's name, such as {@code database:duckdb} or {@code cache:redis}
 * @param status whether it serves requests
 * @param detail a short human-readable explanation (never a secret)
 */
public record Health(String component, Status status, String detail) {

  /** Whether a component serves requests. */
  public enum Status {
    /** Serving normally. */
    UP,
    /** Serving, but with reduced function (for example a cache whose circuit is open). */
    DEGRADED,
    /** Not serving. */
    DOWN
  }

  /** Validates the components. */
  public Health {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
  }

  /** Returns an UP health for {@code component}. */
  public static Health up(String component) {
    return new Health(component, Status.UP, "ok");
  }

  /** Returns a DOWN health with a reason. */
  public static Health down(String component, @Nullable String detail) {
    return new Health(component, Status.DOWN, Objects.requireNonNullElse(detail, ""));
  }

  /** Returns a DEGRADED health with a reason. */
  public static Health degraded(String component, String detail) {
    return new Health(component, Status.DEGRADED, detail);
  }
}
