/**
 * An application module using Runway on the module path: each artifact is required by the stable
 * name its manifest declares ({@code Automatic-Module-Name}).
 */
module dev.runway.examples.modular {
  requires dev.runway.core;
  requires dev.runway.migrate;
  requires dev.runway.sql;
  requires dev.runway.cache.redis;
  requires dev.runway.micrometer;
}
