package dev.runway.examples.infrastructure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Runway configuration of the deployed service and Lambda function, as the environment
 * variables that override {@code runway.yaml} keys ({@code database.athena.workgroup} is {@code
 * RUNWAY_DATABASE_ATHENA_WORKGROUP}): Athena, Redis over TLS, DynamoDB sessions and coordination,
 * Cognito. The Redis AUTH token is not among them: the service receives it as an ECS secret, the
 * function as a Secrets Manager reference resolved at deployment.
 */
final class RunwayEnvironment {

  private RunwayEnvironment() {}

  static Map<String, String> of(
      Settings settings,
      String region,
      DataStack data,
      StateStack state,
      CacheStack cache,
      IdentityStack identity) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RUNWAY_DATABASE_TYPE", "athena");
    env.put("RUNWAY_DATABASE_ATHENA_REGION", region);
    env.put("RUNWAY_DATABASE_ATHENA_DATABASE", settings.glueDatabase());
    env.put("RUNWAY_DATABASE_ATHENA_WORKGROUP", data.workgroupName());
    env.put(
        "RUNWAY_DATABASE_ATHENA_OUTPUT_LOCATION",
        "s3://" + data.resultsBucket().getBucketName() + "/athena/");
    env.put("RUNWAY_CACHE_TYPE", "redis");
    env.put("RUNWAY_CACHE_REDIS_URI", "rediss://" + cache.primaryAddress() + ":6379");
    env.put("RUNWAY_CACHE_REDIS_PREFIX", settings.prefix());
    env.put("RUNWAY_SESSIONS_TYPE", "dynamodb");
    env.put("RUNWAY_SESSIONS_DYNAMODB_REGION", region);
    env.put("RUNWAY_SESSIONS_DYNAMODB_TABLE", state.sessions().getTableName());
    env.put("RUNWAY_SESSIONS_DYNAMODB_HISTORY_TABLE", state.history().getTableName());
    env.put("RUNWAY_COORDINATION_TYPE", "dynamodb");
    env.put("RUNWAY_COORDINATION_DYNAMODB_TABLE", state.coordination().getTableName());
    env.put("RUNWAY_AUTH_TYPE", "cognito");
    env.put("RUNWAY_AUTH_COGNITO_REGION", region);
    env.put("RUNWAY_AUTH_COGNITO_USER_POOL_ID", identity.pool().getUserPoolId());
    env.put("RUNWAY_AUTH_COGNITO_CLIENT_ID", identity.client().getUserPoolClientId());
    env.put("RUNWAY_AUTH_COGNITO_PERSONA_GROUPS", "true");
    return env;
  }
}
