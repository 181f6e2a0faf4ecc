package dev.runway.core.spi;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns one section of {@code runway.yaml} into a component. Each module registers one factory per
 * {@code type} it provides in {@code META-INF/services/<factory interface>}; Runway finds them with
 * {@link java.util.ServiceLoader}.
 *
 * <p>{@link #configure} must read and validate every key it uses, throwing {@link
 * dev.runway.core.error.ConfigurationException} naming the key, and must not connect to anything:
 * Runway configures every component before it creates any, so that bad configuration fails at start
 * before a single connection is opened.
 *
 * @param <T> the component interface
 */
public interface ComponentFactory<T> {

  /** Returns the {@code type} value this factory answers to, such as {@code athena}. */
  String type();

  /**
   * Returns the keys of this type's own section ({@code <component>.<type>.*}), each declared once
   * with its type, default, secrecy and description. Runway accepts these keys and no other, checks
   * each value's type before {@link #configure} is called, and generates its configuration
   * reference and Spring Boot metadata from them. None by default (for factories written before
   * keys were declared, which override {@link #keys()} instead).
   */
  default ConfigKeys<?> configKeys() {
    return ConfigKeys.none();
  }

  /**
   * Returns the keys allowed in this type's own section; any other key there is reported as
   * unknown. By default the names of {@link #configKeys()}.
   */
  default Set<String> keys() {
    return configKeys().names();
  }

  /**
   * Returns other spellings of this type's keys, each mapped to the key it stands for, for
   * configuration files written before or elsewhere (the seed documents' {@code workgroup_name} for
   * {@code workgroup}, say). snake_case spellings of every key are accepted without being listed
   * here; documentation shows one spelling per key. None by default.
   */
  default Map<String, String> aliases() {
    return Map.of();
  }

  /**
   * Validates the section and returns what creates the component.
   *
   * @param section this type's section, such as {@code database.athena} (empty if absent)
   * @param context settings shared by all factories
   * @return a supplier that creates (and may connect) the component when called
   */
  Supplier<T> configure(ConfigSection section, FactoryContext context);
}
