package dev.runway.examples.assistant;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A model's on-demand price per million tokens, input and output, in US dollars.
 *
 * @param inputPerMillionUsd price of a million input tokens
 * @param outputPerMillionUsd price of a million output tokens
 */
public record ModelPricing(BigDecimal inputPerMillionUsd, BigDecimal outputPerMillionUsd) {

  /**
   * Claude 3.5 Sonnet on Amazon Bedrock, on demand: $3 per million input tokens, $15 per million
   * output tokens (AWS's Bedrock pricing page, us-east-1).
   */
  public static final ModelPricing CLAUDE_3_5_SONNET =
      new ModelPricing(new BigDecimal("3.00"), new BigDecimal("15.00"));

  /** Checks that both prices are zero or more. */
  public ModelPricing {
    if (inputPerMillionUsd.signum() < 0 || outputPerMillionUsd.signum() < 0) {
      throw new IllegalArgumentException(
          "token prices must be >= 0, got " + inputPerMillionUsd + " and " + outputPerMillionUsd);
    }
  }

  /** Prices a call's tokens. */
  public TokenUsage price(long inputTokens, long outputTokens) {
    BigDecimal usd =
        inputPerMillionUsd
            .multiply(BigDecimal.valueOf(inputTokens))
            .add(outputPerMillionUsd.multiply(BigDecimal.valueOf(outputTokens)))
            .divide(BigDecimal.valueOf(1_000_000), 8, RoundingMode.HALF_UP);
    return new TokenUsage(inputTokens, outputTokens, usd.stripTrailingZeros());
  }
}
