package dev.runway.sql;

import java.util.Objects;
import java.util.Optional;

/**
 * One construct of a query that the target engine lacks or treats differently.
 *
 * @param rule the rule's id, e.g. {@code nvl}
 * @param line 1-based line of the construct in the checked text
 * @param column 1-based column
 * @param start offset of the construct's first character in the checked text
 * @param end offset just past its last character
 * @param message what differs
 * @param suggestion how to write it for the target engine
 * @param replacement the text that replaces {@code [start, end)} when the rewrite is safe (the same
 *     answer on the target engine for every input); empty when it must be done by hand
 */
public record Finding(
    String rule,
    int line,
    int column,
    int start,
    int end,
    String message,
    String suggestion,
    Optional<String> replacement) {

  /** Validates it. */
  public Finding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(suggestion, "suggestion");
    Objects.requireNonNull(replacement, "replacement");
  }

  /** Returns whether the rewrite is safe to apply automatically. */
  public boolean safe() {
    return replacement.isPresent();
  }

  /** A range of offsets in the checked text. */
  record Span(int start, int end) {}

  @Override
  public String toString() {
    return line + ":" + column + " " + rule + ": " + message + " -> " + suggestion;
  }
}
