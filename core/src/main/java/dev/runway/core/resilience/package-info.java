/**
 * {@link dev.runway.core.resilience.ResiliencePolicy}: retries with jittered back-off on retryable
 * failures only, timeouts and a circuit breaker, built on Failsafe and shared by every module.
 */
@NullMarked
package dev.runway.core.resilience;

import org.jspecify.annotations.NullMarked;
