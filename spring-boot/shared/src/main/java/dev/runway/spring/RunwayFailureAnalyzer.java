package dev.runway.spring;

import dev.runway.core.error.ConfigurationException;
import java.util.Locale;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a Runway {@link ConfigurationException} at startup into Spring Boot's failure report: the
 * property (as {@code runway.<key>}), what is wrong, and what to do, instead of a stack trace.
 */
public class RunwayFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
    String key =
        cause.key().map(k -> k.startsWith("runway.") ? k : "runway." + k).orElse("runway.*");
    String description =
        "Runway's configuration is not valid: " + cause.getMessage() + "\n\nProperty: " + key;
    String action =
        "Correct "
            + key
            + " (in application.yaml or .properties, the file named by "
            + "runway.config-file, or the environment variable "
            + key.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "")
            + "). "
            + "The keys and their values are listed in Runway's configuration reference; an IDE completes them "
            + "from the starter's configuration metadata.";
    return new FailureAnalysis(description, action, cause);
  }
}
