package dev.runway.core.spi;

import dev.runway.core.coordination.Coordination;

/** Creates a {@link Coordination} for {@code coordination.type}. */
public interface CoordinationFactory extends ComponentFactory<Coordination> {}
