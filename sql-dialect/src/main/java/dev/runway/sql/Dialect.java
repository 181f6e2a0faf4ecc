package dev.runway.sql;

import java.util.Locale;

/** The SQL dialects Runway moves queries between. */
public enum Dialect {
  /** Amazon Redshift: PostgreSQL 8.0-derived, with its own functions. */
  REDSHIFT,
  /** Amazon Athena (engine version 3): Trino. */
  ATHENA;

  /** Parses {@code redshift} or {@code athena} (any case). */
  public static Dialect of(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown dialect '" + name + "'; use redshift or athena", e);
    }
  }
}
