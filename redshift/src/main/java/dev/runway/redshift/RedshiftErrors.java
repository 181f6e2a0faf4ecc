package dev.runway.redshift;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayException;
import dev.runway.core.error.ServiceErrors;
import dev.runway.core.query.QueryFailedException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.redshiftdata.model.ActiveStatementsExceededException;
import software.amazon.awssdk.services.redshiftdata.model.DatabaseConnectionException;
import software.amazon.awssdk.services.redshiftdata.model.InternalServerException;
import software.amazon.awssdk.services.redshiftdata.model.RedshiftDataException;
import software.amazon.awssdk.services.redshiftdata.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;

/**
 * Redshift's failures in Runway's terms. The Data API reports a failed statement only as the
 * engine's error text, so statement errors are classified by the message: the PostgreSQL-style
 * messages Redshift gives for a wrong statement are user errors, connection and resource failures
 * are transient, anything else is internal (not retried).
 */
final class RedshiftErrors {

  static final String ENGINE = "redshift";

  private static final Pattern USER =
      Pattern.compile(
          "syntax error|does not exist|permission denied|"
              + "invalid input|ambiguous|must appear|not supported|cannot|division by zero|out of range|"
              + "type mismatch|violates|invalid|already exists|mismatch|parser error|binder error|catalog error|"
              + "conversion error");
  private static final Pattern TRANSIENT =
      Pattern.compile(
          "connection|terminat|serializable isolation|"
              + "could not|timeout|timed out|out of memory|disk full|restart|try again");

  private RedshiftErrors() {}

  /** Classifies the error text of a FAILED statement. */
  static ErrorCategory category(String error) {
    String e = error == null ? "" : error.toLowerCase(Locale.ROOT);
    if (e.contains("canceling statement due to statement timeout") || e.contains("query timeout")) {
      return ErrorCategory.TIMEOUT;
    }
    if (USER.matcher(e).find()) {
      return ErrorCategory.USER_ERROR;
    }
    if (TRANSIENT.matcher(e).find()) {
      return ErrorCategory.TRANSIENT;
    }
    return ErrorCategory.INTERNAL;
  }

  /** Builds the exception for a FAILED statement. */
  static QueryFailedException failed(String id, String error) {
    return new QueryFailedException(
        "Redshift statement " + id + " failed: " + (error == null ? "no error text" : error),
        ENGINE,
        category(error),
        id,
        null);
  }

  /** Maps an exception of an API call. */
  static RunwayException api(String what, @Nullable String id, SdkException e) {
    ErrorCategory category;
    if (e instanceof ActiveStatementsExceededException) {
      category = ErrorCategory.THROTTLED;
    } else if (e instanceof ValidationException || e instanceof ResourceNotFoundException) {
      category = ErrorCategory.USER_ERROR;
    } else if (e instanceof DatabaseConnectionException) {
      category = ErrorCategory.UNAVAILABLE;
    } else if (e instanceof InternalServerException) {
      category = ErrorCategory.TRANSIENT;
    } else if (e instanceof SdkClientException) {
      category = ErrorCategory.UNAVAILABLE;
    } else if (e instanceof RedshiftDataException r) {
      // the same rule for every service (ServiceErrors): the code and the HTTP status
      category =
          ServiceErrors.category(
              r.awsErrorDetails() == null ? null : r.awsErrorDetails().errorCode(), r.statusCode());
    } else {
      category = ErrorCategory.INTERNAL;
    }
    String msg =
        e instanceof RedshiftDataException r && r.awsErrorDetails() != null
            ? r.awsErrorDetails().errorCode() + ": " + r.awsErrorDetails().errorMessage()
            : e.getMessage();
    return new QueryFailedException(
        "Redshift Data API " + what + (id == null ? "" : " of statement " + id) + " failed: " + msg,
        ENGINE,
        category,
        id,
        e);
  }
}
