/**
 * Amazon Cognito user pools: {@link dev.runway.auth.cognito.CognitoAuthProvider} ({@code auth.type:
 * cognito}), the token verifier, SRP, and the user migrator.
 */
@NullMarked
package dev.runway.auth.cognito;

import org.jspecify.annotations.NullMarked;
