package dev.runway.examples.assistant;

/**
 * A request the API refuses: an HTTP status, a stable error code, a message for people and, for a
 * bad field, its name. Hosts turn it into {@code {"error": {"code", "message", "field"}}}.
 */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final String field;
  private Long retryAfterSeconds;

  public ApiException(int status, String code, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public static ApiException badRequest(String field, String message) {
    return new ApiException(400, "invalid_request", message, field);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message, null);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message, null);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, null);
  }

  /**
   * Sets the seconds after which a retry may succeed ({@code Retry-After}); {@code null} for
   * unknown.
   */
  public ApiException retryAfter(Long seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** Returns the seconds after which a retry may succeed, or {@code null}. */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Returns the HTTP status. */
  public int status() {
    return status;
  }

  /** Returns the error code: {@code invalid_request}, {@code unauthorized}, ... */
  public String code() {
    return code;
  }

  /** Returns the request field at fault, or null. */
  public String field() {
    return field;
  }
}
