package dev.runway.auth.cognito;

import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.ServiceErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * What a Cognito error means to a caller: whether a call is worth retrying (the shared {@link
 * ServiceErrors} rule on Cognito's code and HTTP status), and which enumeration-safe {@link
 * FailureCode} a failed sign-in answers with. An unknown user and a wrong password read the same.
 */
final class CognitoErrors {

  private static final Logger LOG = LoggerFactory.getLogger(CognitoAuthProvider.class);

  /** The one message of a wrong user name or password, whichever it was. */
  static final String INVALID = "Incorrect username or password.";

  private CognitoErrors() {}

  /** The shared rule (ServiceErrors) applied to a Cognito error: its code and HTTP status. */
  static ErrorCategory category(CognitoIdentityProviderException c) {
    return ServiceErrors.category(
        c.awsErrorDetails() == null ? null : c.awsErrorDetails().errorCode(), c.statusCode());
  }

  /** Returns whether a failed call may succeed when tried again: throttling, transient, I/O. */
  static boolean retryable(Throwable e) {
    return e instanceof TooManyRequestsException
        || e instanceof SdkClientException
        || (e instanceof CognitoIdentityProviderException c && category(c).retryable());
  }

  /** Returns the answer to a sign-in call that failed with {@code e}. */
  static AuthResult signInFailure(SdkException e) {
    if (e instanceof UserNotFoundException || e instanceof InvalidPasswordException) {
      return new AuthResult.Failed(FailureCode.INVALID_CREDENTIALS, INVALID);
    }
    if (e instanceof NotAuthorizedException n) {
      String m =
          n.awsErrorDetails() == null ? "" : String.valueOf(n.awsErrorDetails().errorMessage());
      if (m.contains("Password attempts exceeded")) {
        return new AuthResult.Failed(
            FailureCode.ACCOUNT_LOCKED, "Too many failed attempts; try again later.");
      }
      if (m.contains("User is disabled")) {
        return new AuthResult.Failed(FailureCode.ACCOUNT_DISABLED, "This account is deactivated.");
      }
      return new AuthResult.Failed(FailureCode.INVALID_CREDENTIALS, INVALID);
    }
    if (e instanceof PasswordResetRequiredException) {
      return new AuthResult.Failed(
          FailureCode.PASSWORD_RESET_REQUIRED, "The password must be reset.");
    }
    if (e instanceof UserNotConfirmedException) {
      return new AuthResult.Failed(
          FailureCode.USER_NOT_CONFIRMED, "The account is not confirmed yet.");
    }
    if (e instanceof TooManyRequestsException
        || (e instanceof CognitoIdentityProviderException c
            && category(c) == ErrorCategory.THROTTLED)) {
      return new AuthResult.Failed(FailureCode.THROTTLED, "Too many requests; try again shortly.");
    }
    if (e instanceof SdkClientException
        || (e instanceof CognitoIdentityProviderException c && category(c).retryable())) {
      LOG.warn("Cognito is unavailable: {}", e.getClass().getSimpleName());
      return new AuthResult.Failed(
          FailureCode.PROVIDER_UNAVAILABLE, "Sign-in is not available right now.");
    }
    // a configuration problem (flow not enabled, wrong client id, bad SECRET_HASH): loud in the log
    LOG.error(
        "Cognito refused the sign-in call: {} {}",
        e.getClass().getSimpleName(),
        e instanceof CognitoIdentityProviderException c && c.awsErrorDetails() != null
            ? c.awsErrorDetails().errorMessage()
            : "");
    return new AuthResult.Failed(
        FailureCode.PROVIDER_UNAVAILABLE, "Sign-in is not available right now.");
  }
}
