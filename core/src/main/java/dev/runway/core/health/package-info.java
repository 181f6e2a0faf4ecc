/**
 * Component health: {@link dev.runway.core.health.Health} for one component and {@link
 * dev.runway.core.health.HealthReport} for all of them. Depends on nothing else in core.
 */
@NullMarked
package dev.runway.core.health;

import org.jspecify.annotations.NullMarked;
