package dev.runway.examples.infrastructure;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The names and sizes a team chooses, read from CDK context ({@code cdk synth -c key=value} or
 * {@code cdk.json}); every one has the seeds' value as its default.
 *
 * @param prefix the prefix of every resource name ({@code supply-chain})
 * @param metricsNamespace the CloudWatch namespace the service and the Lambda handler publish
 *     Runway's meters to ({@code management.cloudwatch.metrics.export.namespace})
 * @param glueDatabase the Glue (Athena) database of the seed's tables
 * @param scanCutoffBytes the Athena workgroup's per-query scan cutoff
 * @param redshift the Redshift option for teams that move from Athena to Redshift
 * @param redshiftNodeType the node type of a provisioned cluster
 * @param redshiftNodes the nodes of a provisioned cluster
 * @param redshiftBaseRpu the base capacity of a Serverless workgroup
 * @param cacheNodeType the ElastiCache node type
 * @param serviceImage the service's container image ({@code repository:tag} in the account's ECR,
 *     or any registry address)
 * @param serviceTasks the service's task count at rest (the autoscaling minimum)
 * @param serviceMaxTasks the autoscaling maximum
 * @param lambdaJar the Lambda handler package (the shaded jar of {@code examples/lambda})
 * @param alarmEmail an address subscribed to the alarm topic, or empty for none
 * @param certificateArn an ACM certificate for the load balancer's HTTPS listener, or empty for
 *     HTTP only (a test deployment)
 */
public record Settings(
    String prefix,
    String metricsNamespace,
    String glueDatabase,
    long scanCutoffBytes,
    RedshiftOption redshift,
    String redshiftNodeType,
    int redshiftNodes,
    int redshiftBaseRpu,
    String cacheNodeType,
    String serviceImage,
    int serviceTasks,
    int serviceMaxTasks,
    String lambdaJar,
    String alarmEmail,
    String certificateArn) {

  /** How Redshift is deployed, if at all. */
  public enum RedshiftOption {
    /** No Redshift: Athena only (the seeds' production shape). */
    NONE,
    /** A Redshift Serverless namespace and workgroup. */
    SERVERLESS,
    /** A provisioned cluster (the CPU alarm applies only to this one). */
    PROVISIONED
  }

  /** Checks what a resource definition cannot. */
  public Settings {
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.matches("[a-z][a-z0-9-]{1,30}")) {
      throw new IllegalArgumentException(
          "context prefix: '"
              + prefix
              + "' is not 2 to 31 lower-case letters, digits or dashes starting with a letter");
    }
    if (scanCutoffBytes < 10L * 1024 * 1024) {
      throw new IllegalArgumentException(
          "context scan-cutoff-bytes: Athena's smallest per-query cutoff is 10 MB, got "
              + scanCutoffBytes);
    }
    if (serviceTasks < 1 || serviceMaxTasks < serviceTasks) {
      throw new IllegalArgumentException(
          "context service-tasks / service-max-tasks: need 1 <= tasks <= max, got "
              + serviceTasks
              + " and "
              + serviceMaxTasks);
    }
  }

  /**
   * Reads the settings from context values ({@code prefix}, {@code metrics-namespace}, {@code
   * glue-database}, {@code scan-cutoff-bytes}, {@code redshift} (none, serverless or provisioned),
   * {@code redshift-node-type}, {@code redshift-nodes}, {@code redshift-base-rpu}, {@code
   * cache-node-type}, {@code service-image}, {@code service-tasks}, {@code service-max-tasks},
   * {@code lambda-jar}, {@code alarm-email}, {@code certificate-arn}).
   */
  public static Settings from(Function<String, Object> context) {
    Function<String, String> s =
        key -> {
          Object v = context.apply(key);
          return v == null ? null : v.toString();
        };
    return new Settings(
        or(s.apply("prefix"), "supply-chain"),
        or(s.apply("metrics-namespace"), "SupplyChain/Runway"),
        or(s.apply("glue-database"), "supply_chain_athena"),
        number(s, "scan-cutoff-bytes", 10L * 1024 * 1024 * 1024),
        redshift(or(s.apply("redshift"), "none")),
        or(s.apply("redshift-node-type"), "ra3.xlplus"),
        (int) number(s, "redshift-nodes", 2),
        (int) number(s, "redshift-base-rpu", 8),
        or(s.apply("cache-node-type"), "cache.t3.micro"),
        or(s.apply("service-image"), "supply-chain-service:latest"),
        (int) number(s, "service-tasks", 2),
        (int) number(s, "service-max-tasks", 10),
        or(s.apply("lambda-jar"), "../lambda/target/runway-example-lambda.jar"),
        or(s.apply("alarm-email"), ""),
        or(s.apply("certificate-arn"), ""));
  }

  /** The settings as context values, for tests that change one. */
  public static Function<String, Object> context(Map<String, ?> values) {
    return values::get;
  }

  private static RedshiftOption redshift(String v) {
    try {
      return RedshiftOption.valueOf(v.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "context redshift: '" + v + "' is not one of none, serverless or provisioned");
    }
  }

  private static String or(String v, String fallback) {
    return v == null || v.isBlank() ? fallback : v;
  }

  private static long number(Function<String, String> s, String key, long fallback) {
    String v = s.apply(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("context " + key + ": not a whole number: '" + v + "'");
    }
  }
}
