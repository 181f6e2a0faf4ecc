package dev.runway.spring;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.core.RunwayConfig;
import dev.runway.core.spi.ConfigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes what is derived from the declared configuration keys ({@link RunwayConfig#declaredKeys()}
 * and the starter's own): Spring Boot's {@code META-INF/spring-configuration-metadata.json}, typed,
 * with the allowed values of every choice as hints, and the Markdown configuration reference. The
 * build runs it with every module on the class path; nothing of it is written by hand. A build
 * tool, public only so that the build can run it; not API.
 */
public final class ConfigurationReference {

  private ConfigurationReference() {}

  /**
   * Writes one artifact: {@code metadata <file>} or {@code markdown <file>}.
   *
   * @param args the artifact and the file to write
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2 || !(args[0].equals("metadata") || args[0].equals("markdown"))) {
      throw new IllegalArgumentException("usage: ConfigurationReference metadata|markdown <file>");
    }
    Path file = Path.of(args[1]);
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(
        file, args[0].equals("metadata") ? metadata() : markdown(), StandardCharsets.UTF_8);
  }

  /** Returns every key under {@code runway.}: the starter's, then {@code runway.yaml}'s. */
  static Map<String, ConfigKey> keys() {
    Map<String, ConfigKey> all = new LinkedHashMap<>();
    RunwayProperties.STARTER.keys().forEach(k -> all.put("runway." + k.name(), k));
    RunwayConfig.declaredKeys().forEach((name, k) -> all.put("runway." + name, k));
    return all;
  }

  /** Returns the Spring Boot configuration metadata of every key. */
  static String metadata() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ObjectNode group = root.putArray("groups").addObject();
    group.put("name", "runway");
    group.put("type", RunwayConfig.class.getName());
    group.put(
        "description", "Runway: the keys of runway.yaml, under runway., and the starter's own.");
    ArrayNode properties = root.putArray("properties");
    ArrayNode hints = root.putArray("hints");
    keys()
        .forEach(
            (name, key) -> {
              ObjectNode p = properties.addObject();
              p.put("name", name);
              p.put("type", key.type().javaType());
              p.put("description", describe(key));
              p.put("sourceType", RunwayConfig.class.getName());
              key.defaultText()
                  .ifPresent(
                      d -> {
                        switch (key.type()) {
                          case BOOLEAN -> p.put("defaultValue", Boolean.parseBoolean(d));
                          case INTEGER -> p.put("defaultValue", Long.parseLong(d));
                          case NUMBER -> p.put("defaultValue", Double.parseDouble(d));
                          default -> p.put("defaultValue", d);
                        }
                      });
              if (key.type() == ConfigKey.Type.CHOICE) {
                ObjectNode hint = hints.addObject();
                hint.put("name", name);
                ArrayNode values = hint.putArray("values");
                key.values().forEach(v -> values.addObject().put("value", v));
              }
            });
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return json.writer(pretty).writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(ConfigKey key) {
    return key.secret()
        ? key.description() + " A secret: never printed or logged."
        : key.description();
  }

  /** Returns the configuration reference in Markdown: one table per section. */
  static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Configuration reference\n\n")
        .append(
            "<!-- Generated from the keys the modules declare (ConfigKeys); do not edit. The build checks it\n")
        .append(
            "     (ConfigurationMetadataTest); regenerate it with: mvn -pl spring-boot/autoconfigure test\n")
        .append("     -Dtest=ConfigurationMetadataTest -Drunway.regenerate=true -->\n\n")
        .append(
            "Every key can be set in `runway.yaml`, as a Spring property under `runway.`, as an environment\n")
        .append(
            "variable (`database.athena.workgroup` is `RUNWAY_DATABASE_ATHENA_WORKGROUP`) or as a system\n")
        .append(
            "property (`-Drunway.database.athena.workgroup=...`). Durations are written `500ms`, `30s`, `5m`,\n")
        .append(
            "`1h`, `1d` or ISO-8601; sizes `512KB`, `8MB`, `2GiB` or a number of bytes. Secrets are given as\n")
        .append(
            "`${VARIABLE}` and never printed. A key that is not listed here is refused at start, naming it.\n");
    String section = null;
    for (Map.Entry<String, ConfigKey> e : keys().entrySet()) {
      String name = e.getKey().substring("runway.".length());
      String own = sectionOf(name);
      if (!own.equals(section)) {
        section = own;
        out.append("\n## `")
            .append(section.isEmpty() ? "runway (the Spring Boot starter)" : section)
            .append("`\n\n| key | type | default | description |\n|---|---|---|---|\n");
      }
      ConfigKey k = e.getValue();
      String type =
          switch (k.type()) {
            case CHOICE -> String.join(" \\| ", k.values());
            default -> k.type().name().toLowerCase(java.util.Locale.ROOT);
          };
      out.append("| `")
          .append(name)
          .append("` | ")
          .append(type)
          .append(" | ")
          .append(k.defaultText().map(d -> "`" + d + "`").orElse(""))
          .append(" | ")
          .append(describe(k).replace("|", "\\|"))
          .append(" |\n");
    }
    return out.toString();
  }

  /** Returns the section a key is listed under: its component and type, or the starter's. */
  private static String sectionOf(String name) {
    if (RunwayProperties.STARTER.names().stream().anyMatch(name::equals)) {
      return "";
    }
    String[] parts = name.split("\\.");
    if (parts[0].equals("resilience") || parts.length == 2) {
      return parts[0];
    }
    return parts[0] + "." + parts[1];
  }
}
