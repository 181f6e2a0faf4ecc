package dev.runway.spring;

import dev.runway.core.RunwayConfig;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.spi.ConfigKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Reads a {@link RunwayConfig} from Spring's {@link Environment}: every key of {@code runway.yaml}
 * is a {@code runway.*} property with Spring's relaxed binding ({@code
 * runway.database.athena.output-location}, {@code runway.database.athena.outputLocation}, {@code
 * RUNWAY_DATABASE_ATHENA_OUTPUTLOCATION}), over the optional file named by {@code
 * runway.config-file}. The keys come from the factories on the class path, so a module's keys exist
 * exactly when it does; a {@code runway.*} property (from a file, an argument or a system property;
 * environment variables are shared with other programs and not checked) that is no key is refused,
 * naming it, as {@code runway.yaml} refuses an unknown key.
 */
public final class RunwayProperties {

  /** The keys of the starter itself, under {@code runway.}, not of {@code runway.yaml}. */
  static final ConfigKeys<Object> STARTER =
      ConfigKeys.builder()
          .bool("enabled", "true", "Whether the starter creates Runway and its beans.", null)
          .string(
              "config-file",
              null,
              "A runway.yaml to read first; runway.* properties override its keys.",
              null)
          .integer(
              "observations.max-labels",
              "100",
              "Distinct query labels tagged on metrics before the rest read " + "\"other\".",
              null)
          .bool("observations.sessions", "true", "Whether session operations are observed.", null)
          .bool(
              "observations.auth",
              "true",
              "Whether sign-ins and token operations are observed.",
              null)
          .build();

  /** Keys of the starter itself, not of {@code runway.yaml}. */
  static final Set<String> STARTER_KEYS = STARTER.names();

  private RunwayProperties() {}

  /** Returns the configuration the environment describes. */
  public static RunwayConfig load(Environment environment) {
    Binder binder = Binder.get(environment);
    Set<String> known = RunwayConfig.knownKeys();
    rejectUnknown(environment, known);
    Properties props = new Properties();
    for (String key : known) {
      binder
          .bind("runway." + key, String.class)
          .ifBound(v -> props.setProperty("runway." + key, v));
    }
    String file = binder.bind("runway.config-file", String.class).orElse(null);
    if (file == null) {
      return RunwayConfig.parse("", Path.of("").toAbsolutePath(), System.getenv(), props);
    }
    Path path = Path.of(file).toAbsolutePath();
    if (!Files.isRegularFile(path)) {
      throw new ConfigurationException(
          "runway.config-file",
          "names "
              + path
              + ", which is not a file; "
              + "point it at a runway.yaml or remove it to configure Runway by runway.* properties alone",
          null);
    }
    return RunwayConfig.load(path, System.getenv(), props);
  }

  private static void rejectUnknown(Environment environment, Set<String> known) {
    if (!(environment instanceof ConfigurableEnvironment)) {
      return;
    }
    Set<ConfigurationPropertyName> allowed = new HashSet<>();
    for (String k : known) {
      allowed.add(ConfigurationPropertyName.of("runway." + k));
    }
    for (String k : STARTER_KEYS) {
      allowed.add(ConfigurationPropertyName.of("runway." + k));
    }
    ConfigurationPropertyName root = ConfigurationPropertyName.of("runway");
    List<String> unknown = new ArrayList<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      // environment variables are shared with everything else on the machine (RUNWAY_TOKEN_SECRET
      // may be there for interpolation): only files, arguments and property sources are checked
      if (source instanceof IterableConfigurationPropertySource iterable
          && !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource)) {
        iterable.stream()
            .filter(root::isAncestorOf)
            .filter(n -> !allowed.contains(n))
            .map(ConfigurationPropertyName::toString)
            .forEach(unknown::add);
      }
    }
    if (!unknown.isEmpty()) {
      String key = unknown.get(0);
      throw new ConfigurationException(
          key,
          "is not a Runway key"
              + (unknown.size() > 1 ? " (nor are " + unknown.subList(1, unknown.size()) + ")" : "")
              + "; the keys are those of runway.yaml "
              + "under runway. (see the configuration reference), and a module's keys exist only when its artifact "
              + "is on the class path",
          null);
    }
  }
}
