package dev.runway.core.spi;

import dev.runway.core.coordination.Coordination;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every factory may need besides its own section.
 *
 * @param clock the clock components should use
 * @param baseDirectory the directory relative paths in the configuration are resolved against
 * @param component the whole component section (such as {@code sessions}), for shared keys like
 *     {@code ttl}
 * @param root the whole configuration, for a component that reuses another's settings (the Redis
 *     coordination reuses {@code cache.redis})
 * @param shared supplies the application's {@link Coordination} (created once, when a component
 *     that uses it is created); see {@link #coordination()}
 */
public record FactoryContext(
    Clock clock,
    Path baseDirectory,
    ConfigSection component,
    ConfigSection root,
    Supplier<Coordination> shared) {

  /** Validates the components. */
  public FactoryContext {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(baseDirectory, "baseDirectory");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(shared, "shared");
  }

  /**
   * Creates a context without the rest of the configuration and with coordination in this process
   * only (for tests and for factories used on their own).
   */
  public FactoryContext(Clock clock, Path baseDirectory, ConfigSection component) {
    this(clock, baseDirectory, component, component, Coordination::inMemory);
  }

  /**
   * Returns the application's coordination: the limits and facts a component must share with the
   * other instances go through it. Call it when the component is created (in the supplier {@code
   * configure} returns), not in {@code configure} itself.
   */
  public Coordination coordination() {
    return shared.get();
  }
}
