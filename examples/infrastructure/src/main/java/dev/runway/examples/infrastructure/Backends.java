package dev.runway.examples.infrastructure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * What a host of the assistant (the Lambda function, the service's tasks) uses, and the two things
 * every host needs from it: Runway's configuration and the permissions to use it.
 */
record Backends(DataStack data, StateStack state, CacheStack cache, IdentityStack identity) {

  /**
   * Runway's configuration as the environment variables that override {@code runway.yaml} keys
   * ({@code database.athena.workgroup} is {@code RUNWAY_DATABASE_ATHENA_WORKGROUP}): Athena, Redis
   * over TLS, DynamoDB sessions and coordination, Cognito. The Redis AUTH token is not among them:
   * each host receives it its own way (an ECS secret; a reference resolved at deployment).
   */
  Map<String, String> environment(Settings settings, String region) {
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

  /**
   * Lets {@code role} run queries, keep sessions and coordinate, and invoke Bedrock models (the
   * assistant's one call outside Runway).
   */
  void grant(IRole role, Stack host) {
    role.addManagedPolicy(data.queryPolicy());
    role.addManagedPolicy(state.statePolicy());
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .sid("InvokeFoundationModels")
            .actions(List.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"))
            .resources(
                List.of(
                    "arn:"
                        + host.getPartition()
                        + ":bedrock:"
                        + host.getRegion()
                        + "::foundation-model/*"))
            .build());
  }
}
