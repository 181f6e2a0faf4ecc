package dev.runway.athena;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayException;
import dev.runway.core.error.ServiceErrors;
import dev.runway.core.query.QueryFailedException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.AthenaException;
import software.amazon.awssdk.services.athena.model.InternalServerException;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.TooManyRequestsException;

/**
 * Athena's failures in Runway's terms: the API's exceptions and the {@code AthenaError} of a failed
 * query (category 1 system, 2 user, 3 other; the type numbers of Athena's error catalog; the {@code
 * Retryable} flag) mapped to an {@link ErrorCategory}.
 */
final class AthenaErrors {

  static final String ENGINE = "athena";

  private AthenaErrors() {}

  /** Maps the {@code AthenaError} of a FAILED query. */
  static ErrorCategory category(AthenaError error) {
    if (error == null) {
      return ErrorCategory.INTERNAL;
    }
    Integer type = error.errorType();
    if (type != null && (type == 206 || type == 210)) {
      return ErrorCategory.TIMEOUT; // "query timed out" on the engine (workgroup limit)
    }
    if (Integer.valueOf(2).equals(error.errorCategory())) {
      return ErrorCategory.USER_ERROR;
    }
    if (Boolean.TRUE.equals(error.retryable())) {
      // types 0-8: "query exhausted resources at this scale factor"; others: internal faults
      return type != null && type >= 0 && type <= 8
          ? ErrorCategory.THROTTLED
          : ErrorCategory.TRANSIENT;
    }
    return ErrorCategory.INTERNAL;
  }

  /** Builds the exception for a FAILED query. */
  static QueryFailedException failed(String queryId, AthenaError error, String reason) {
    String message =
        error != null && error.errorMessage() != null
            ? error.errorMessage()
            : reason != null ? reason : "no reason given";
    String detail =
        error == null
            ? ""
            : " (AthenaError category "
                + error.errorCategory()
                + ", type "
                + error.errorType()
                + ", retryable "
                + error.retryable()
                + ")";
    return new QueryFailedException(
        "Athena query " + queryId + " failed: " + message + detail,
        ENGINE,
        category(error),
        queryId,
        null);
  }

  /** Maps an exception of an API call. */
  static RunwayException api(String what, @Nullable String queryId, SdkException e) {
    ErrorCategory category;
    if (e instanceof TooManyRequestsException) {
      category = ErrorCategory.THROTTLED;
    } else if (e instanceof InvalidRequestException) {
      category = ErrorCategory.USER_ERROR;
    } else if (e instanceof InternalServerException) {
      category = ErrorCategory.TRANSIENT;
    } else if (e instanceof SdkClientException) {
      category = ErrorCategory.UNAVAILABLE;
    } else if (e instanceof AthenaException a) {
      // the same rule for every service (ServiceErrors): the code and the HTTP status
      category =
          ServiceErrors.category(
              a.awsErrorDetails() == null ? null : a.awsErrorDetails().errorCode(), a.statusCode());
    } else {
      category = ErrorCategory.INTERNAL;
    }
    String msg =
        e instanceof AthenaException a && a.awsErrorDetails() != null
            ? a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage()
            : e.getMessage();
    return new QueryFailedException(
        "Athena " + what + (queryId == null ? "" : " of query " + queryId) + " failed: " + msg,
        ENGINE,
        category,
        queryId,
        e);
  }
}
