package dev.runway.examples.assistant;

import dev.runway.core.query.DatabaseClient;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Locale;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;

/**
 * Chooses the assistant's {@link QuestionInterpreter} from settings, the same keys for every host
 * (Spring properties, or environment variables such as {@code ASSISTANT_BEDROCK_MODEL_ID} on
 * Lambda):
 *
 * <ul>
 *   <li>{@code assistant.interpreter}: {@code named} (the default: no model, no network) or {@code
 *       bedrock};
 *   <li>{@code assistant.bedrock.model-id}: default {@value BedrockInterpreter#DEFAULT_MODEL_ID},
 *       the migration guide's;
 *   <li>{@code assistant.bedrock.region}: default the SDK's (environment, profile);
 *   <li>{@code assistant.bedrock.endpoint}: a VPC endpoint or a test fixture; default AWS's;
 *   <li>{@code assistant.bedrock.max-attempts}: attempts per call, throttling included; default 3
 *       (the SDK's own default tries more, with back-off a person waiting for an answer notices);
 *   <li>{@code assistant.bedrock.input-price-per-million} and {@code output-price-per-million}: US
 *       dollars per million tokens; default Claude 3.5 Sonnet's, 3.00 and 15.00.
 * </ul>
 *
 * A bad value fails here, at start, naming the key.
 */
public final class Interpreters {

  private Interpreters() {}

  /**
   * Returns the configured interpreter.
   *
   * @param setting looks a key up ({@code assistant.bedrock.model-id}); null when unset
   * @param catalogue the engine whose catalogue describes the tables (the raw database client)
   */
  public static QuestionInterpreter fromSettings(
      Function<String, String> setting, DatabaseClient catalogue) {
    String kind = value(setting, "assistant.interpreter", "named").toLowerCase(Locale.ROOT);
    switch (kind) {
      case "named":
        return new NamedQuestions(catalogue.engine());
      case "bedrock":
        break;
      default:
        throw new IllegalArgumentException(
            "assistant.interpreter is '"
                + kind
                + "'; use named (the persona's named "
                + "questions, no model) or bedrock (questions in plain language through Amazon Bedrock)");
    }
    String model =
        value(setting, "assistant.bedrock.model-id", BedrockInterpreter.DEFAULT_MODEL_ID);
    ModelPricing pricing =
        new ModelPricing(
            price(
                setting,
                "assistant.bedrock.input-price-per-million",
                ModelPricing.CLAUDE_3_5_SONNET.inputPerMillionUsd()),
            price(
                setting,
                "assistant.bedrock.output-price-per-million",
                ModelPricing.CLAUDE_3_5_SONNET.outputPerMillionUsd()));
    int attempts = attempts(setting, "assistant.bedrock.max-attempts", 3);
    BedrockRuntimeClientBuilder b =
        BedrockRuntimeClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(attempts)));
    String region = value(setting, "assistant.bedrock.region", null);
    if (region != null) {
      b.region(Region.of(region));
    }
    String endpoint = value(setting, "assistant.bedrock.endpoint", null);
    if (endpoint != null) {
      try {
        URI uri = URI.create(endpoint);
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new IllegalArgumentException("no scheme or host");
        }
        b.endpointOverride(uri);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "assistant.bedrock.endpoint '"
                + endpoint
                + "' is not a URL such as "
                + "https://bedrock-runtime.us-east-1.amazonaws.com",
            e);
      }
    }
    return new BedrockInterpreter(b.build(), model, pricing, catalogue);
  }

  /**
   * Looks {@code key} up as given and as an environment variable ({@code
   * ASSISTANT_BEDROCK_MODEL_ID}).
   */
  public static Function<String, String> environment(Function<String, String> env) {
    return key -> env.apply(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
  }

  private static String value(Function<String, String> setting, String key, String fallback) {
    String v = setting.apply(key);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  private static int attempts(Function<String, String> setting, String key, int fallback) {
    String v = value(setting, key, null);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 1 || n > 10) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " is '" + v + "'; use a whole number from 1 to 10", e);
    }
  }

  private static BigDecimal price(
      Function<String, String> setting, String key, BigDecimal fallback) {
    String v = value(setting, key, null);
    if (v == null) {
      return fallback;
    }
    try {
      BigDecimal d = new BigDecimal(v);
      if (d.signum() < 0) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " is '" + v + "'; use US dollars per million tokens, such as 3.00", e);
    }
  }
}
