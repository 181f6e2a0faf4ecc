/**
 * Helpers of runway-core only (thread factories, result size estimates). Not API: nothing outside
 * runway-core may use this package, and that is checked by the build.
 */
@NullMarked
package dev.runway.core.internal;

import org.jspecify.annotations.NullMarked;
