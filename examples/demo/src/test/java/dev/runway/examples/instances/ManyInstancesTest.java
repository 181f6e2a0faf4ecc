package dev.runway.examples.instances;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.local.UsersFile;
import dev.runway.testkit.DynamoDbEmulator;
import dev.runway.testkit.RedisServer;
import dev.runway.testkit.ServerFixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances of one application as three JVMs, started at the same moment on one Redis (cache
 * and coordination) and one DynamoDB (sessions, tables created at start by whichever instance gets
 * there first): what one instance learns, the others know, and a Redis outage degrades without a
 * failed call and converges when Redis returns.
 */
class ManyInstancesTest {

  /** One instance: a JVM driven line by line. */
  static final class Instance implements AutoCloseable {
    final Process process;
    final PrintWriter in;
    final BlockingQueue<String> out = new ArrayBlockingQueue<>(1000);

    Instance(Path config) throws IOException {
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
              InstanceHost.class.getName(),
              config.toString());
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("AWS_ACCESS_KEY_ID", "local");
      pb.environment().put("AWS_SECRET_ACCESS_KEY", "local");
      pb.environment().put("AWS_REGION", "us-east-1");
      process = pb.start();
      in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = r.readLine(); line != null; line = r.readLine()) {
                    out.add(line);
                  }
                } catch (IOException ended) {
                  // the process ended
                }
              },
              "instance-output");
      reader.setDaemon(true);
      reader.start();
    }

    /**
     * Waits for the next answer starting with {@code prefix} (log lines, which start with '[', are
     * passed over).
     */
    String await(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      List<String> seen = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        String line = out.poll(1, TimeUnit.SECONDS);
        if (line == null) {
          continue;
        }
        if (!line.startsWith("[") && (line.startsWith(prefix) || line.startsWith("error"))) {
          return line;
        }
        seen.add(line);
      }
      throw new AssertionError("no '" + prefix + "' line; the instance printed: " + seen);
    }

    String ask(String command) throws InterruptedException {
      in.println(command);
      return await("");
    }

    @Override
    public void close() {
      in.println("quit");
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  private final List<Instance> instances = new ArrayList<>();
  private RedisServer redis;
  private DynamoDbEmulator dynamo;

  @AfterEach
  void stop() {
    instances.forEach(Instance::close);
    if (redis != null) {
      redis.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  private static String token(String answer, int index) {
    assertThat(answer).startsWith("authenticated ");
    return answer.split(" ")[index];
  }

  @Test
  @DisplayName(
      "three JVMs on one Redis and one DynamoDB agree on lockouts, sign-outs, refresh tokens, costs, budgets, canary steps and rollbacks, and query records")
  void threeInstances_shareWhatMustBeShared(@TempDir Path dir) throws Exception {
    if (!DynamoDbEmulator.installed()) {
      ServerFixtures.unavailable("dynalite is not installed (npm install -g dynalite@4.0.0)");
    }
    redis = RedisServer.start();
    dynamo = DynamoDbEmulator.start();
    Path users = dir.resolve("users.json");
    UsersFile.empty()
        .withUser(
            "maria", "correct-horse-battery".toCharArray(), List.of("Warehouse Manager"), null, 4)
        .withUser("nina", "battery-staple-horse".toCharArray(), List.of("Field Engineer"), null, 4)
        .save(users);
    Path yaml = dir.resolve("runway.yaml");
    URI r = URI.create(redis.uri());
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "cache:",
            "  type: redis",
            "  redis: { uri: \"redis://" + r.getHost() + ":" + r.getPort() + "\", prefix: many }",
            "sessions:",
            "  type: dynamodb",
            "  dynamodb: { endpoint: \""
                + dynamo.endpoint()
                + "\", region: us-east-1, create-tables: true,",
            "              table: many-sessions, history-table: many-history }",
            "auth:",
            "  type: local",
            "  local: { users-file: users.json, token-secret: \"one secret that every instance shares!\",",
            "           max-failures: 5, lockout: 30s }",
            "coordination:",
            "  type: redis            # the cache's connection",
            "  expected-instances: 3",
            "  probe-interval: 500ms",
            ""));
    // three processes started at once: the DynamoDB tables are created by whichever gets there
    // first
    for (int i = 0; i < 3; i++) {
      instances.add(new Instance(yaml));
    }
    Instance a = instances.get(0);
    Instance b = instances.get(1);
    Instance c = instances.get(2);
    for (Instance i : instances) {
      assertThat(i.await("ready"))
          .as("every instance started")
          .startsWith("ready")
          .contains("auth=local");
    }

    // lockout: failures on two instances add up to the limit; the third refuses the right password
    for (int i = 0; i < 3; i++) {
      assertThat(a.ask("login maria wrong")).isEqualTo("failed INVALID_CREDENTIALS");
    }
    for (int i = 0; i < 2; i++) {
      assertThat(b.ask("login maria wrong")).isEqualTo("failed INVALID_CREDENTIALS");
    }
    assertThat(c.ask("login maria correct-horse-battery")).isEqualTo("failed ACCOUNT_LOCKED");

    // sign-out on one instance is sign-out on all; a refresh token works once, on any instance
    String signedIn = a.ask("login nina battery-staple-horse");
    String access = token(signedIn, 1);
    String refresh = token(signedIn, 2);
    assertThat(b.ask("verify " + access)).isEqualTo("valid nina");
    String refreshed = c.ask("refresh " + refresh);
    assertThat(refreshed).startsWith("authenticated ");
    assertThat(b.ask("refresh " + refresh)).isEqualTo("failed INVALID_REFRESH_TOKEN");
    assertThat(b.ask("signout " + token(refreshed, 1))).isEqualTo("ok");
    assertThat(a.ask("verify " + access)).startsWith("error TokenVerificationException");
    assertThat(c.ask("verify " + token(refreshed, 1)))
        .startsWith("error TokenVerificationException");

    // costs: each instance's queries in every instance's daily total
    for (Instance i : instances) {
      assertThat(i.ask("cost 0.25")).isEqualTo("ok");
    }
    for (Instance i : instances) {
      assertThat(i.ask("today")).isEqualTo("today 0.75 3");
    }

    // the daily budget ($1.00) is crossed once, by whichever instance crosses it
    assertThat(b.ask("cost 0.5")).isEqualTo("ok");
    int alerts = 0;
    for (Instance i : instances) {
      alerts += Integer.parseInt(i.ask("alerts").split(" ")[1]);
    }
    assertThat(alerts).as("budget alerts across the three instances").isEqualTo(1);
    assertThat(b.ask("alerts")).isEqualTo("alerts 1");

    // a canary's step, taken on one instance, is every instance's; a rollback on one is a rollback
    // on all
    assertThat(c.ask("canary")).isEqualTo("canary 10");
    Thread.sleep(2_200); // the step interval
    assertThat(a.ask("canary-run 60")).isEqualTo("canary 50");
    Thread.sleep(1_100); // instances read the shared state at most once a second
    assertThat(c.ask("canary")).isEqualTo("canary 50");
    assertThat(b.ask("canary-fail")).isEqualTo("ok");
    assertThat(b.ask("canary-run 60")).isEqualTo("canary 0");
    Thread.sleep(1_100);
    assertThat(a.ask("canary")).isEqualTo("canary 0");
    assertThat(c.ask("canary")).isEqualTo("canary 0");

    // the assistant's query records: asked on one instance, read on another
    String[] session = a.ask("session nina battery-staple-horse").split(" ");
    assertThat(session[0]).isEqualTo("session");
    String asked =
        a.ask(
            "ask "
                + session[1]
                + " "
                + session[2]
                + " Field+Engineer Where+can+I+get+Pumps+right+now?");
    assertThat(asked).startsWith("asked ");
    assertThat(c.ask("record " + session[1] + " " + asked.split(" ")[1]))
        .isEqualTo("record fe.parts-availability");

    // Redis goes away: no call fails, health says DEGRADED; when it is back, what was recorded
    // meanwhile is replayed and the totals converge
    int port = r.getPort();
    redis.close();
    assertThat(a.ask("cost 0.5")).isEqualTo("ok");
    assertThat(a.ask("health")).isEqualTo("health DEGRADED");
    assertThat(b.ask("login nina battery-staple-horse")).startsWith("authenticated ");
    redis = RedisServer.start(port);
    // the store restarted empty: the instances replay what they recorded during the outage
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String health = "";
    while (System.nanoTime() < deadline && !health.equals("health UP")) {
      Thread.sleep(600);
      a.ask("today");
      health = a.ask("health");
    }
    assertThat(health).isEqualTo("health UP");
    String todayA = a.ask("today");
    String todayB = b.ask("today");
    assertThat(c.ask("today"))
        .as("the outage's cost reached the shared total (a: %s, b: %s)", todayA, todayB)
        .startsWith("today 0.5 1");
  }
}
