/**
 * Sign-in and tokens: {@link dev.runway.core.auth.AuthProvider}, its results ({@link
 * dev.runway.core.auth.AuthResult}: authenticated, challenge required, or failed with an
 * enumeration-safe {@link dev.runway.core.auth.FailureCode}), {@link
 * dev.runway.core.auth.Principal} with personas, {@link dev.runway.core.auth.Tokens} and token
 * verification failures.
 */
@NullMarked
package dev.runway.core.auth;

import org.jspecify.annotations.NullMarked;
