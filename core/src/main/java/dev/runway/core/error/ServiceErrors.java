package dev.runway.core.error;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Classifies a failed call to a remote service from what every AWS service returns, its error code
 * and HTTP status, without any SDK: one place that the modules share, so that throttling and
 * transient failures are recognised the same way (and retried once, by Runway's own layer) whatever
 * the service. The codes are those the AWS SDKs themselves treat as throttling or transient.
 */
public final class ServiceErrors {

  /** Error codes that mean "slow down and try again". */
  static final Set<String> THROTTLING =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestThrottledException",
          "TooManyRequestsException",
          "ProvisionedThroughputExceededException",
          "TransactionInProgressException",
          "RequestLimitExceeded",
          "BandwidthLimitExceeded",
          "LimitExceededException",
          "RequestThrottled",
          "SlowDown",
          "PriorRequestNotComplete",
          "EC2ThrottledException",
          "ActiveStatementsExceededException");

  /** Error codes that mean the service failed this time (a retry may succeed). */
  static final Set<String> TRANSIENT =
      Set.of(
          "RequestTimeout",
          "RequestTimeoutException",
          "InternalError",
          "InternalFailure",
          "InternalServerError",
          "InternalServerException",
          "ServiceUnavailable",
          "ServiceUnavailableException",
          "IDPCommunicationError");

  private ServiceErrors() {}

  /**
   * Returns the category of a failed call: THROTTLED for a throttling code or HTTP 429, TRANSIENT
   * for a transient code or a 5xx (503 is UNAVAILABLE), USER_ERROR for any other 4xx.
   *
   * @param errorCode the service's error code ({@code null} or empty when none was returned)
   * @param httpStatus the HTTP status of the response (0 when there was none)
   */
  public static ErrorCategory category(@Nullable String errorCode, int httpStatus) {
    String code = errorCode == null ? "" : errorCode;
    if (THROTTLING.contains(code) || httpStatus == 429) {
      return ErrorCategory.THROTTLED;
    }
    if (TRANSIENT.contains(code) || (httpStatus >= 500 && httpStatus != 503)) {
      return ErrorCategory.TRANSIENT;
    }
    if (httpStatus == 503) {
      return ErrorCategory.UNAVAILABLE;
    }
    return httpStatus == 0 ? ErrorCategory.TRANSIENT : ErrorCategory.USER_ERROR;
  }
}
