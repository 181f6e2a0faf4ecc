package dev.runway.examples.assistant;

import java.math.BigDecimal;

/**
 * What one model call used and cost.
 *
 * @param inputTokens tokens sent to the model
 * @param outputTokens tokens the model wrote
 * @param costUsd their price at the configured rates
 */
public record TokenUsage(long inputTokens, long outputTokens, BigDecimal costUsd) {

  /** No model call: nothing used, nothing spent. */
  public static final TokenUsage NONE = new TokenUsage(0, 0, BigDecimal.ZERO);

  /** Returns the sum of this and {@code other}. */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        costUsd.add(other.costUsd));
  }
}
