/**
 * Helpers of Runway's own modules (thread factories, result size estimates, the builders' set-once
 * fields and argument checks). Not API: the module descriptor exports this package to Runway's
 * modules only, and the architecture tests refuse any other user; it may change in any release.
 */
@NullMarked
package dev.runway.core.internal;

import org.jspecify.annotations.NullMarked;
