package dev.runway.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import java.util.function.Supplier;

/** Checks shared by the builder tests of core and of the modules built on it (core's test jar). */
public final class BuilderChecks {

  private BuilderChecks() {}

  /** Asserts that giving {@code setting} a second time fails at once, naming it. */
  public static <B> void twice(Supplier<B> builder, String setting, Consumer<B> set) {
    B b = builder.get();
    set.accept(b);
    assertThatThrownBy(() -> set.accept(b))
        .as(setting)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(setting);
  }
}
