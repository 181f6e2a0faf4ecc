package dev.runway.examples.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.auth.cognito.PersonaGroups;
import dev.runway.examples.assistant.SupplyChainAssistant;
import dev.runway.testkit.CognitoLocal;
import dev.runway.testkit.DynamoDbEmulator;
import dev.runway.testkit.RedisServer;
import dev.runway.testkit.aws.AthenaFixture;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * The handler's cold start in a fresh JVM, as Lambda's init phase runs it: the class path is the
 * deployment package ({@code target/runway-example-lambda.jar}), the configuration is the AWS one
 * (Athena on its protocol fixture, Redis, DynamoDB sessions and coordination on dynalite, Cognito
 * on cognito-local, all on loopback; the tables exist, as a deployment's do), the JVM flags are
 * those of Lambda's Java 17 and 21 runtimes (serial GC, C1 only), and the child JVM times the
 * handler's construction (Runway's own share: the configuration read and Runway built with its
 * clients), then the first and a second request (sign-in, a question). Each run is a new JVM; the
 * figures are the median of the runs.
 *
 * <pre>
 * mvn -B -q install -DskipTests -pl examples/lambda -am
 * cd examples/lambda
 * java -cp "target/test-classes:$(cat target/test-classpath.txt)" dev.runway.examples.lambda.ColdStart 5
 * </pre>
 */
public final class ColdStart {

  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path jar = Path.of("target/runway-example-lambda.jar").toAbsolutePath();
    Path tests = Path.of("target/test-classes").toAbsolutePath();
    try (AthenaFixture athena = new AthenaFixture();
        RedisServer redis = RedisServer.start();
        DynamoDbEmulator dynamo = DynamoDbEmulator.start();
        CognitoLocal cognito = CognitoLocal.start()) {
      SupplyChainAssistant.seedEmbeddedData(athena.engine().database(), 1);
      String[] pool = userPool(cognito);
      List<long[]> results = new ArrayList<>();
      for (int i = 0; i <= runs; i++) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC"); // what Lambda's Java runtimes choose for small heaps
        // what Lambda's Java 17 and 21 runtimes set: C1 only, for a short start (their
        // documentation,
        // "Customize Java runtime startup behavior")
        command.add("-XX:TieredStopAtLevel=1");
        String extra = System.getProperty("coldstart.jvmArgs", "");
        if (!extra.isBlank()) {
          command.addAll(List.of(extra.strip().split("\\s+")));
        }
        command.addAll(
            List.of("-cp", jar + java.io.File.pathSeparator + tests, Child.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "cold");
        env.put("AWS_SECRET_ACCESS_KEY", "start");
        env.put("RUNWAY_DATABASE_TYPE", "athena");
        env.put("RUNWAY_DATABASE_ATHENA_REGION", "us-east-1");
        env.put("RUNWAY_DATABASE_ATHENA_ENDPOINT", athena.endpoint().toString());
        env.put("RUNWAY_DATABASE_ATHENA_S3_ENDPOINT", athena.endpoint().toString());
        env.put("RUNWAY_DATABASE_ATHENA_OUTPUT_LOCATION", "s3://results/athena/");
        env.put("RUNWAY_CACHE_TYPE", "redis");
        env.put("RUNWAY_CACHE_REDIS_URI", redis.uri());
        env.put("RUNWAY_SESSIONS_TYPE", "dynamodb");
        env.put("RUNWAY_SESSIONS_DYNAMODB_REGION", "us-east-1");
        env.put("RUNWAY_SESSIONS_DYNAMODB_ENDPOINT", dynamo.endpoint().toString());
        env.put("RUNWAY_COORDINATION_TYPE", "dynamodb");
        if (i == 0) {
          // the setup run creates the tables; the measured runs start as a deployment does, on
          // tables its infrastructure created (the CDK stack sets neither key)
          env.put("RUNWAY_SESSIONS_DYNAMODB_CREATE_TABLES", "true");
          env.put("RUNWAY_COORDINATION_DYNAMODB_CREATE_TABLE", "true");
        }
        env.put("RUNWAY_AUTH_TYPE", "cognito");
        env.put("RUNWAY_AUTH_COGNITO_REGION", "local");
        env.put("RUNWAY_AUTH_COGNITO_ENDPOINT", cognito.endpoint().toString());
        env.put("RUNWAY_AUTH_COGNITO_USER_POOL_ID", pool[0]);
        env.put("RUNWAY_AUTH_COGNITO_CLIENT_ID", pool[1]);
        env.put("RUNWAY_AUTH_COGNITO_ALLOW_HTTP_ISSUER", "true");
        env.put("RUNWAY_AUTH_COGNITO_PERSONA_GROUPS", "true");
        env.put("METRICS_NAMESPACE", "SupplyChain/Runway");
        Process p = pb.start();
        String result = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            all.append(line).append('\n');
            if (line.startsWith("COLD-START ")) {
              result = line;
            }
          }
        }
        if (p.waitFor() != 0 || result == null) {
          throw new IllegalStateException("the child JVM failed:\n" + all);
        }
        String[] f = result.substring("COLD-START ".length()).split(" ");
        long[] ms = new long[f.length];
        for (int k = 0; k < f.length; k++) {
          ms[k] = Long.parseLong(f[k]);
        }
        if (i > 0) { // the first run creates the tables, which a deployment has already
          results.add(ms);
        }
        System.out.println((i == 0 ? "(table creation run) " : "run " + i + ": ") + describe(ms));
      }
      long[] median = new long[results.get(0).length];
      for (int k = 0; k < median.length; k++) {
        List<Long> column = new ArrayList<>();
        for (long[] r : results) {
          column.add(r[k]);
        }
        Collections.sort(column);
        median[k] = column.get(column.size() / 2);
      }
      System.out.println("median of " + results.size() + ": " + describe(median));
    }
  }

  /** A pool, an app client and the event's user; returns the pool and client ids. */
  private static String[] userPool(CognitoLocal server) {
    try (CognitoIdentityProviderClient admin =
        CognitoIdentityProviderClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.of("local"))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build()) {
      String poolId =
          admin
              .createUserPool(
                  b ->
                      b.poolName("cold-start")
                          .schema(
                              s ->
                                  s.name("personas")
                                      .attributeDataType(AttributeDataType.STRING)
                                      .mutable(true)))
              .userPool()
              .id();
      String clientId =
          admin
              .createUserPoolClient(
                  b ->
                      b.userPoolId(poolId)
                          .clientName("cold-start")
                          .explicitAuthFlows(
                              ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                              ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
              .userPoolClient()
              .clientId();
      admin.adminCreateUser(
          b ->
              b.userPoolId(poolId)
                  .username("warehouse.manager")
                  .messageAction(MessageActionType.SUPPRESS)
                  .userAttributes(
                      AttributeType.builder()
                          .name("custom:personas")
                          .value("Warehouse Manager")
                          .build()));
      admin.adminSetUserPassword(
          b ->
              b.userPoolId(poolId)
                  .username("warehouse.manager")
                  .password("runway-demo")
                  .permanent(true));
      // access tokens carry groups, not custom attributes: the persona's group, by Runway's rule
      String group = PersonaGroups.groupName("Warehouse Manager");
      admin.createGroup(b -> b.userPoolId(poolId).groupName(group));
      admin.adminAddUserToGroup(
          b -> b.userPoolId(poolId).username("warehouse.manager").groupName(group));
      return new String[] {poolId, clientId};
    }
  }

  private static String describe(long[] ms) {
    return "JVM start to main "
        + ms[0]
        + " ms, Runway's init (configuration read, Runway and its clients built) "
        + ms[5]
        + " ms, handler init (Runway's, then the assistant's) "
        + ms[1]
        + " ms, first request (sign-in) "
        + ms[2]
        + " ms, first question "
        + ms[3]
        + " ms, second question "
        + ms[4]
        + " ms";
  }

  /** The fresh JVM: what Lambda's runtime does on a cold start. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
      long main = System.currentTimeMillis();
      long jvm = main - ManagementFactory.getRuntimeMXBean().getStartTime();
      long t0 = System.nanoTime();
      AssistantHandler handler = new AssistantHandler();
      long init = ms(t0);

      ObjectMapper json =
          new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
      long t1 = System.nanoTime();
      APIGatewayProxyResponseEvent login =
          handler.handleRequest(event(json, "login.json", Map.of()), null);
      long signIn = ms(t1);
      if (login.getStatusCode() != 200) {
        throw new IllegalStateException(
            "sign-in: " + login.getStatusCode() + " " + login.getBody());
      }
      JsonNode b = json.readTree(login.getBody());
      Map<String, String> v =
          Map.of("TOKEN", b.get("access_token").asText(), "SESSION", b.get("session_id").asText());
      long t2 = System.nanoTime();
      APIGatewayProxyResponseEvent first =
          handler.handleRequest(event(json, "query.json", v), null);
      long q1 = ms(t2);
      if (first.getStatusCode() != 200) {
        throw new IllegalStateException(
            "question: " + first.getStatusCode() + " " + first.getBody());
      }
      long t3 = System.nanoTime();
      handler.handleRequest(event(json, "query.json", v), null);
      long q2 = ms(t3);
      System.out.println(
          "COLD-START "
              + jvm
              + " "
              + init
              + " "
              + signIn
              + " "
              + q1
              + " "
              + q2
              + " "
              + AssistantHandler.runwayInitMillis);
      System.exit(0);
    }

    private static long ms(long since) {
      return (System.nanoTime() - since) / 1_000_000;
    }

    private static APIGatewayProxyRequestEvent event(
        ObjectMapper json, String name, Map<String, String> values) throws Exception {
      try (InputStream in = Child.class.getResourceAsStream("/events/" + name)) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> e : values.entrySet()) {
          text = text.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        return json.readValue(text, APIGatewayProxyRequestEvent.class);
      }
    }
  }
}
