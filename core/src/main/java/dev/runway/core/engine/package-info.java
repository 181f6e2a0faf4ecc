/**
 * The machinery shared by engines that submit a query and poll for it (Athena, the Redshift Data
 * API): an engine implements {@link dev.runway.core.engine.PolledEngine} (submit, status, page,
 * stop) and {@link dev.runway.core.engine.PolledQueryRuntime} does the rest (polling paced by the
 * {@link dev.runway.core.engine.CompletionPredictor}, throttling, cancellation, timeouts, paging,
 * the in-flight cap). For module authors; changes are announced like API changes.
 */
@NullMarked
package dev.runway.core.engine;

import org.jspecify.annotations.NullMarked;
