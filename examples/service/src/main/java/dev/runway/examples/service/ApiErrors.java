package dev.runway.examples.service;

import dev.runway.core.error.RunwayException;
import dev.runway.examples.assistant.ApiException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error as {@code {"error": {"code", "message", "field"}}}; never a stack trace or a secret.
 */
@RestControllerAdvice
class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  static Map<String, Object> body(String code, String message, String field) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    if (field != null) {
      error.put("field", field);
    }
    return Map.of("error", error);
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Map<String, Object>> api(ApiException e) {
    ResponseEntity.BodyBuilder r = ResponseEntity.status(e.status());
    if (e.retryAfterSeconds() != null) {
      r.header("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    return r.body(body(e.code(), e.getMessage(), e.field()));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    return ResponseEntity.badRequest()
        .body(body("invalid_request", "the body is not a JSON object", "body"));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
    return ResponseEntity.status(415)
        .body(body("unsupported_media_type", "send Content-Type: application/json", null));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
    return ResponseEntity.status(405).body(body("method_not_allowed", e.getMessage(), null));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<Map<String, Object>> noRoute(NoResourceFoundException e) {
    return ResponseEntity.status(404).body(body("not_found", "no such route", null));
  }

  @ExceptionHandler(RunwayException.class)
  ResponseEntity<Map<String, Object>> runway(RunwayException e) {
    LOG.warn("request failed in a backend ({}): {}", e.category(), e.getClass().getSimpleName());
    return ResponseEntity.status(500)
        .body(
            body(
                "backend_error",
                "the request failed in a backend ("
                    + e.category().name().toLowerCase(Locale.ROOT)
                    + ")",
                null));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Map<String, Object>> other(Exception e) {
    LOG.error("request failed", e);
    return ResponseEntity.status(500).body(body("internal_error", "the request failed", null));
  }
}
