package dev.runway.examples.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.auth.cognito.PersonaGroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The synthesized templates, checked with CDK's assertions against what the seeds name: the
 * workgroup's scan cutoff and result encryption, the tables' keys, TTL and recovery, Redis TLS and
 * AUTH, the pool's policy, MFA and personas, the API's throttling, the service's size, health check
 * and scaling, every alarm's threshold, and IAM without wildcard actions. No AWS account is used.
 */
class SupplyChainStacksTest {

  private static final Environment ENV =
      Environment.builder().account("123456789012").region("us-east-1").build();

  @TempDir static Path dir;

  private static SupplyChainApp.Stacks stacks;

  @BeforeAll
  static void synthesize() throws IOException {
    stacks = build(Map.of());
  }

  private static SupplyChainApp.Stacks build(Map<String, Object> context) throws IOException {
    Path jar = dir.resolve("handler.jar");
    if (!Files.exists(jar)) {
      Files.write(
          jar, new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    }
    Map<String, Object> values = new LinkedHashMap<>(context);
    values.put("lambda-jar", jar.toString());
    return SupplyChainApp.build(new App(), Settings.from(values::get), ENV);
  }

  private static Template t(Stack stack) {
    return Template.fromStack(stack);
  }

  @Test
  void data_workgroupCutsOffScansAndEncryptsResults() {
    Template data = t(stacks.data());
    data.hasResourceProperties(
        "AWS::Athena::WorkGroup",
        Map.of(
            "Name",
            "supply-chain",
            "WorkGroupConfiguration",
            Match.objectLike(
                Map.of(
                    "BytesScannedCutoffPerQuery",
                    10L * 1024 * 1024 * 1024,
                    "EnforceWorkGroupConfiguration",
                    true,
                    "PublishCloudWatchMetricsEnabled",
                    true,
                    "ResultConfiguration",
                    Match.objectLike(
                        Map.of(
                            "EncryptionConfiguration", Map.of("EncryptionOption", "SSE_S3")))))));
    data.hasResourceProperties(
        "AWS::Glue::Database",
        Map.of("DatabaseInput", Match.objectLike(Map.of("Name", "supply_chain_athena"))));
    data.resourceCountIs("AWS::S3::Bucket", 2);
    data.allResourcesProperties(
        "AWS::S3::Bucket",
        Map.of(
            "BucketEncryption",
            Match.anyValue(),
            "PublicAccessBlockConfiguration",
            Map.of(
                "BlockPublicAcls", true,
                "BlockPublicPolicy", true,
                "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true)));
  }

  @Test
  void data_queryPolicyReadsDataAndWritesResultsOnly() {
    Map<String, Map<String, Object>> policies =
        t(stacks.data()).findResources("AWS::IAM::ManagedPolicy");
    assertThat(policies).hasSize(1);
    String json = policies.values().iterator().next().toString();
    assertThat(json)
        .contains("athena:StartQueryExecution", "glue:GetTable", "s3:PutObject")
        .doesNotContain("s3:DeleteObject", "athena:*", "glue:*", "s3:*");
  }

  @Test
  void state_tablesHaveRunwaysKeysTtlAndRecovery() {
    Template state = t(stacks.state());
    state.resourceCountIs("AWS::DynamoDB::Table", 3);
    state.allResourcesProperties(
        "AWS::DynamoDB::Table",
        Map.of(
            "BillingMode", "PAY_PER_REQUEST",
            "TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true),
            "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
    state.hasResourceProperties(
        "AWS::DynamoDB::Table",
        Map.of(
            "TableName",
            "supply-chain-sessions",
            "KeySchema",
            List.of(Map.of("AttributeName", "session_id", "KeyType", "HASH")),
            "GlobalSecondaryIndexes",
            List.of(
                Match.objectLike(
                    Map.of(
                        "IndexName",
                        "user_id-index",
                        "KeySchema",
                        List.of(Map.of("AttributeName", "user_id", "KeyType", "HASH")),
                        "Projection",
                        Map.of(
                            "ProjectionType",
                            "INCLUDE",
                            "NonKeyAttributes",
                            List.of("expires_at")))))));
    state.hasResourceProperties(
        "AWS::DynamoDB::Table",
        Map.of(
            "TableName",
            "supply-chain-conversations",
            "KeySchema",
            List.of(
                Map.of("AttributeName", "session_id", "KeyType", "HASH"),
                Map.of("AttributeName", "timestamp", "KeyType", "RANGE"))));
    state.hasResourceProperties(
        "AWS::DynamoDB::Table",
        Map.of(
            "TableName",
            "supply-chain-coordination",
            "KeySchema",
            List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"))));
  }

  @Test
  void cache_redisHasTlsAuthAndFailover() {
    Template cache = t(stacks.cache());
    cache.hasResourceProperties(
        "AWS::ElastiCache::ReplicationGroup",
        Map.of(
            "Engine",
            "redis",
            "TransitEncryptionEnabled",
            true,
            "AtRestEncryptionEnabled",
            true,
            "AutomaticFailoverEnabled",
            true,
            "NumCacheClusters",
            2,
            "CacheNodeType",
            "cache.t3.micro"));
    String group =
        t(stacks.cache())
            .findResources("AWS::ElastiCache::ReplicationGroup")
            .values()
            .iterator()
            .next()
            .toString();
    // the token is a Secrets Manager reference resolved at deployment, never a literal
    assertThat(group).contains("{{resolve:secretsmanager:");
  }

  @Test
  void identity_poolAsCognitoAuthProviderExpectsIt() {
    Template identity = t(stacks.identity());
    identity.hasResourceProperties(
        "AWS::Cognito::UserPool",
        Match.objectLike(
            Map.of(
                "MfaConfiguration",
                "OPTIONAL",
                "Policies",
                Map.of(
                    "PasswordPolicy",
                    Match.objectLike(
                        Map.of(
                            "MinimumLength", 8,
                            "RequireLowercase", true,
                            "RequireUppercase", true,
                            "RequireNumbers", true,
                            "RequireSymbols", true))),
                "Schema",
                Match.arrayWith(
                    List.of(
                        Match.objectLike(
                            Map.of(
                                "Name", "personas",
                                "Mutable", true,
                                "AttributeDataType", "String")))))));
    for (String persona : IdentityStack.PERSONAS) {
      // the group names Runway's own rule gives the personas
      identity.hasResourceProperties(
          "AWS::Cognito::UserPoolGroup", Map.of("GroupName", PersonaGroups.groupName(persona)));
    }
    identity.hasResourceProperties(
        "AWS::Cognito::UserPoolClient",
        Map.of(
            "GenerateSecret",
            false,
            "ExplicitAuthFlows",
            Match.arrayWith(List.of("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")),
            "WriteAttributes",
            Match.not(Match.arrayWith(List.of("custom:personas")))));
  }

  @Test
  void api_throttlesAtTheSeedsRatesAndUsesSnapStart() {
    Template api = t(stacks.api());
    api.hasResourceProperties(
        "AWS::ApiGateway::Stage",
        Map.of(
            "StageName",
            "prod",
            "MethodSettings",
            Match.arrayWith(
                List.of(
                    Match.objectLike(
                        Map.of("ThrottlingRateLimit", 100, "ThrottlingBurstLimit", 200))))));
    api.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Runtime",
            "java21",
            "Handler",
            "dev.runway.examples.lambda.AssistantHandler::handleRequest",
            "SnapStart",
            Map.of("ApplyOn", "PublishedVersions"),
            "Environment",
            Map.of(
                "Variables",
                Match.objectLike(
                    Map.of(
                        "RUNWAY_DATABASE_TYPE", "athena",
                        "RUNWAY_CACHE_TYPE", "redis",
                        "RUNWAY_SESSIONS_TYPE", "dynamodb",
                        "RUNWAY_AUTH_TYPE", "cognito")))));
    api.resourceCountIs("AWS::Lambda::Alias", 1);
  }

  @Test
  void service_sizeHealthCheckAndScaling() {
    Template service = t(stacks.service());
    service.hasResourceProperties(
        "AWS::ECS::TaskDefinition", Map.of("Cpu", "1024", "Memory", "2048"));
    service.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of("DesiredCount", 2)));
    service.hasResourceProperties(
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        Map.of("HealthCheckPath", "/health", "HealthCheckIntervalSeconds", 30));
    service.hasResourceProperties(
        "AWS::ApplicationAutoScaling::ScalableTarget", Map.of("MinCapacity", 2, "MaxCapacity", 10));
    service.hasResourceProperties(
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        Map.of(
            "TargetTrackingScalingPolicyConfiguration",
            Match.objectLike(
                Map.of(
                    "TargetValue",
                    70,
                    "PredefinedMetricSpecification",
                    Map.of("PredefinedMetricType", "ECSServiceAverageCPUUtilization")))));
    service.hasResourceProperties(
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        Map.of(
            "TargetTrackingScalingPolicyConfiguration",
            Match.objectLike(
                Map.of(
                    "TargetValue",
                    1000,
                    "PredefinedMetricSpecification",
                    Match.objectLike(
                        Map.of("PredefinedMetricType", "ALBRequestCountPerTarget"))))));
    service.hasResourceProperties(
        "AWS::ECS::TaskDefinition",
        Map.of(
            "ContainerDefinitions",
            List.of(
                Match.objectLike(
                    Map.of(
                        "Secrets",
                        List.of(
                            Match.objectLike(Map.of("Name", "RUNWAY_CACHE_REDIS_PASSWORD"))))))));
  }

  @Test
  void observability_dashboardAndEveryAlarmAtItsThreshold() {
    Template obs = t(stacks.observability());
    obs.hasResourceProperties(
        "AWS::CloudWatch::Dashboard", Map.of("DashboardName", "supply-chain-production"));
    obs.resourceCountIs("AWS::SNS::Topic", 1);
    // without Redshift, the CPU alarm has no cluster to watch
    List<RunwayAlarms.Alarm> expected =
        RunwayAlarms.all().stream().filter(a -> !a.onlyWithProvisionedRedshift()).toList();
    obs.resourceCountIs("AWS::CloudWatch::Alarm", expected.size());
    for (RunwayAlarms.Alarm a : expected) {
      obs.hasResourceProperties(
          "AWS::CloudWatch::Alarm",
          Match.objectLike(
              Map.of(
                  "AlarmName",
                  "supply-chain-" + a.id(),
                  "Threshold",
                  a.threshold(),
                  "EvaluationPeriods",
                  a.evaluationPeriods(),
                  "ComparisonOperator",
                  a.comparison() == RunwayAlarms.Comparison.ABOVE
                      ? "GreaterThanThreshold"
                      : "LessThanThreshold",
                  "AlarmActions",
                  Match.anyValue())));
    }
    String alarms = obs.findResources("AWS::CloudWatch::Alarm").toString();
    assertThat(alarms)
        .contains(
            "SELECT SUM(\\\"runway.query.count\\\") FROM \\\"SupplyChain/Runway\\\" WHERE outcome = 'error'"
                .replace("\\\"", "\""))
        .contains("100 * errors / queries", "runway.query.cost.count", "cache.gets.count");
  }

  @Test
  void state_policyGrantsEveryCallOfTheSessionStoreAndCoordination() {
    List<Map<?, ?>> statements = new ArrayList<>();
    collectStatements(t(stacks.state()).toJSON(), statements);
    List<String> granted = new ArrayList<>();
    for (Map<?, ?> st : statements) {
      if ("Allow".equals(st.get("Effect"))) {
        Object action = st.get("Action");
        for (Object a : action instanceof List<?> l ? l : List.of(action)) {
          granted.add(String.valueOf(a));
        }
      }
    }
    // what DynamoSessionStore and DynamoCoordination send on a deployed table (appendMessages:
    // UpdateItem then BatchWriteItem; health: DescribeTable)
    assertThat(granted)
        .contains(
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:BatchWriteItem",
            "dynamodb:DeleteItem",
            "dynamodb:Query",
            "dynamodb:DescribeTable");
  }

  @Test
  void iam_noAllowStatementHasAWildcardAction() {
    List<String> wildcards = new ArrayList<>();
    int allows = 0;
    for (Stack s : allStacks(stacks)) {
      List<Map<?, ?>> statements = new ArrayList<>();
      collectStatements(t(s).toJSON(), statements);
      for (Map<?, ?> st : statements) {
        if (!"Allow".equals(st.get("Effect"))) {
          continue; // a Deny of s3:* (the buckets' TLS-only policy) narrows, it grants nothing
        }
        allows++;
        Object action = st.get("Action");
        for (Object a : action instanceof List<?> l ? l : List.of(action)) {
          String name = String.valueOf(a);
          if (name.equals("*") || name.endsWith(":*")) {
            wildcards.add(s.getStackName() + ": " + name + " in " + st);
          }
        }
      }
    }
    assertThat(allows).isGreaterThan(10);
    assertThat(wildcards).isEmpty();
  }

  private static void collectStatements(Object node, List<Map<?, ?>> out) {
    if (node instanceof Map<?, ?> m) {
      if (m.containsKey("Effect") && m.containsKey("Action")) {
        out.add(m);
      }
      m.values().forEach(v -> collectStatements(v, out));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectStatements(v, out));
    }
  }

  @Test
  void redshiftOptions_serverlessOrProvisionedWithItsCpuAlarm() throws IOException {
    SupplyChainApp.Stacks serverless =
        build(Map.of("redshift", "serverless", "prefix", "sc-serverless"));
    t(serverless.redshift())
        .hasResourceProperties(
            "AWS::RedshiftServerless::Workgroup",
            Map.of("BaseCapacity", 8, "PubliclyAccessible", false));
    t(serverless.observability()).resourceCountIs("AWS::CloudWatch::Alarm", 5);

    SupplyChainApp.Stacks provisioned =
        build(Map.of("redshift", "provisioned", "prefix", "sc-provisioned"));
    t(provisioned.redshift())
        .hasResourceProperties(
            "AWS::Redshift::Cluster",
            Map.of(
                "NodeType",
                "ra3.xlplus",
                "NumberOfNodes",
                2,
                "Encrypted",
                true,
                "PubliclyAccessible",
                false));
    Template obs = t(provisioned.observability());
    obs.resourceCountIs("AWS::CloudWatch::Alarm", 6);
    obs.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "MetricName",
            "CPUUtilization",
            "Namespace",
            "AWS/Redshift",
            "Threshold",
            80,
            "Dimensions",
            List.of(Map.of("Name", "ClusterIdentifier", "Value", "sc-provisioned"))));
  }

  @Test
  void badSettings_failBeforeAnyResource() {
    assertThatThrownBy(() -> Settings.from(Map.of("scan-cutoff-bytes", "1000")::get))
        .hasMessageContaining("scan-cutoff-bytes")
        .hasMessageContaining("10 MB");
    assertThatThrownBy(() -> Settings.from(Map.of("redshift", "sometimes")::get))
        .hasMessageContaining("context redshift")
        .hasMessageContaining("none, serverless or provisioned");
    assertThatThrownBy(() -> Settings.from(Map.of("service-tasks", "two")::get))
        .hasMessageContaining("service-tasks");
  }

  @Test
  void everyStack_hasResources_countsPrinted() {
    for (Stack s : allStacks(stacks)) {
      Map<?, ?> resources = (Map<?, ?>) t(s).toJSON().get("Resources");
      assertThat(resources).as(s.getStackName()).isNotEmpty();
      System.out.println(s.getStackName() + ": " + resources.size() + " resources");
    }
  }

  static List<Stack> allStacks(SupplyChainApp.Stacks s) {
    List<Stack> all = new ArrayList<>();
    all.add(s.network());
    all.add(s.data());
    all.add(s.state());
    all.add(s.cache());
    all.add(s.identity());
    all.add(s.api());
    all.add(s.service());
    all.add(s.observability());
    if (s.redshift() != null) {
      all.add(s.redshift());
    }
    return all;
  }
}
