package dev.runway.examples.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.examples.assistant.DemoUsers;
import dev.runway.examples.assistant.PersonaQueries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load test of a migration's usual test plan: 10, 50 and 100 concurrent users, each signing in
 * as its persona's demo user and asking its persona's questions with a think time, against a
 * running service. Prints, per level, requests per second, p50/p95/p99 latency of the API calls
 * (sign-ins and questions), the error rate (any status but 200 and 429, and failed connections),
 * and the 429 answers a client retried (sign-ins beyond five at once for one user); then the same
 * percentiles of the sign-ins alone (a password check each, all users at once in the first second)
 * and of the questions alone; then the round trips the service's AWS clients made per API call, by
 * operation (the service's {@link AwsRoundTrips} counter, read from {@code /actuator/metrics}).
 *
 * <p>The users arrive spread over a ramp of ten seconds, as a load-test plan ramps its users up:
 * each signs in on arrival (a bcrypt check of cost 10, tens of milliseconds of CPU each) and then
 * asks questions. {@code -Drunway.loadtest.ramp-seconds=1} makes them all sign in within the first
 * second instead: on two cores that burst of password checks is what the tails then show.
 *
 * <pre>
 * java -Dloader.main=dev.runway.examples.service.LoadTest \
 *   -cp examples/service/target/runway-example-service.jar \
 *   org.springframework.boot.loader.launch.PropertiesLauncher http://127.0.0.1:8080 [seconds-per-level] [levels...]
 * </pre>
 */
public final class LoadTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LoadTest() {}

  /** Runs the levels against the service at {@code args[0]}. */
  public static void main(String[] args) throws Exception {
    URI base = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int[] levels =
        args.length > 2
            ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {10, 50, 100};
    long rampMillis = Math.max(1, Long.getLong("runway.loadtest.ramp-seconds", 10)) * 1000;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    System.out.printf(
        "load test of %s: %d s per level, users arrive over %d s, think time 0.5-1.5 s%n",
        base, seconds, rampMillis / 1000);
    String metricsToken = signIn(http, base);
    System.out.printf(
        "%6s %9s %10s %9s %9s %9s %8s %10s%n",
        "users", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "429-retried");
    for (int users : levels) {
      Map<String, Double> before = roundTrips(http, base, metricsToken);
      Result r = level(http, base, users, Duration.ofSeconds(seconds), rampMillis);
      Map<String, Double> after = roundTrips(http, base, metricsToken);
      System.out.printf(
          "%6d %9d %10.1f %9.1f %9.1f %9.1f %7.2f%% %10d%n",
          users,
          r.requests,
          r.requests / (double) seconds,
          r.percentile(0.50),
          r.percentile(0.95),
          r.percentile(0.99),
          100.0 * r.errors / Math.max(1, r.requests),
          r.throttled);
      printOnly("sign-ins", r.signIns);
      printOnly("questions", r.questions);
      printRoundTrips(before, after, r.signIns.length + r.questions.length);
    }
  }

  private record Result(
      long requests, long errors, long throttled, long[] nanos, long[] signIns, long[] questions) {
    double percentile(double p) {
      return LoadTest.percentile(nanos, p);
    }
  }

  /** Prints one kind of call's count and percentiles under its level's line. */
  private static void printOnly(String kind, long[] sorted) {
    System.out.printf(
        "%6s %9d %10s %9.1f %9.1f %9.1f   (%s only)%n",
        "",
        sorted.length,
        "",
        percentile(sorted, 0.50),
        percentile(sorted, 0.95),
        percentile(sorted, 0.99),
        kind);
  }

  /** Prints the AWS round trips per API call of one level, in all and by operation. */
  private static void printRoundTrips(
      Map<String, Double> before, Map<String, Double> after, long calls) {
    if (after.isEmpty()) {
      System.out.printf("%6s AWS round trips: none counted (no AWS client)%n", "");
      return;
    }
    StringBuilder byOperation = new StringBuilder();
    double total = 0;
    for (Map.Entry<String, Double> e : new TreeMap<>(after).entrySet()) {
      double n = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
      if (n > 0) {
        total += n;
        byOperation.append(
            String.format(
                Locale.ROOT,
                "%s%s %.2f",
                byOperation.isEmpty() ? "" : ", ",
                e.getKey(),
                n / calls));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%6s AWS round trips per API call: %.2f (%s)%n",
        "",
        total / Math.max(1, calls),
        byOperation);
  }

  /** Signs in once, outside the measured levels, for a token that may read the service's meters. */
  private static String signIn(HttpClient http, URI base) throws Exception {
    String user = DemoUsers.userOf(PersonaQueries.all().get(0).name());
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/v1/auth/login"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(
                        Map.of("username", user, "password", DemoUsers.PASSWORD))))
            .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "could not sign in as " + user + " (HTTP " + r.statusCode() + "): " + r.body());
    }
    return JSON.readTree(r.body()).get("access_token").asText();
  }

  /**
   * Reads the service's {@link AwsRoundTrips} counter by operation ({@code DynamoDB GetItem}), or
   * nothing when no AWS client has sent a request yet.
   */
  private static Map<String, Double> roundTrips(HttpClient http, URI base, String token)
      throws Exception {
    Map<String, Double> out = new LinkedHashMap<>();
    JsonNode all = metric(http, base, token, "");
    if (all == null) {
      return out;
    }
    for (JsonNode tag : all.path("availableTags")) {
      if (!tag.path("tag").asText().equals("operation")) {
        continue;
      }
      for (JsonNode operation : tag.path("values")) {
        JsonNode one = metric(http, base, token, "?tag=operation:" + operation.asText());
        if (one != null) {
          String service = one.path("availableTags").path(0).path("values").path(0).asText("AWS");
          out.put(
              service + " " + operation.asText(),
              one.path("measurements").path(0).path("value").asDouble());
        }
      }
    }
    return out;
  }

  private static JsonNode metric(HttpClient http, URI base, String token, String query)
      throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/actuator/metrics/" + AwsRoundTrips.NAME + query))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "could not read the service's meters (HTTP " + r.statusCode() + "): " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Returns the {@code p} percentile of sorted nanoseconds, in milliseconds. */
  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  /** Joins the samples of every user (each array's last slot holds its count), sorted. */
  private static long[] merged(List<long[]> perUser) {
    long total = perUser.stream().mapToLong(s -> s[s.length - 1]).sum();
    long[] all = new long[(int) total];
    int i = 0;
    for (long[] s : perUser) {
      int n = (int) s[s.length - 1];
      System.arraycopy(s, 0, all, i, n);
      i += n;
    }
    Arrays.sort(all);
    return all;
  }

  private static Result level(
      HttpClient http, URI base, int users, Duration duration, long rampMillis) throws Exception {
    List<long[]> signInsPerUser = new ArrayList<>();
    List<long[]> questionsPerUser = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    AtomicLong throttled = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(users);
    CountDownLatch done = new CountDownLatch(users);
    long end = System.nanoTime() + duration.toNanos();
    List<PersonaQueries.Persona> personas = PersonaQueries.all();
    for (int u = 0; u < users; u++) {
      PersonaQueries.Persona persona = personas.get(u % personas.size());
      long[] signIns = new long[101];
      int[] signInCount = {0};
      long[] samples = new long[100_000];
      int[] count = {0};
      signInsPerUser.add(signIns);
      questionsPerUser.add(samples);
      pool.execute(
          () -> {
            try {
              ThreadLocalRandom rnd = ThreadLocalRandom.current();
              Thread.sleep(rnd.nextLong(0, rampMillis)); // arrive during the ramp
              // every virtual user signs in as its persona's demo user; the users file evaluates at
              // most
              // five sign-ins of one user at once and answers the others 429: retry, as a client
              // would
              JsonNode login = null;
              for (int attempt = 0;
                  login == null && attempt < 20 && System.nanoTime() < end;
                  attempt++) {
                login =
                    post(
                        http,
                        base,
                        "/api/v1/auth/login",
                        null,
                        Map.of(
                            "username",
                            DemoUsers.userOf(persona.name()),
                            "password",
                            DemoUsers.PASSWORD),
                        signIns,
                        signInCount,
                        requests,
                        errors,
                        throttled);
                if (login == null) {
                  Thread.sleep(rnd.nextLong(100, 400));
                }
              }
              if (login == null) {
                return;
              }
              String token = login.get("access_token").asText();
              String session = login.get("session_id").asText();
              while (System.nanoTime() < end) {
                PersonaQueries.Question q =
                    persona.questions().get(rnd.nextInt(persona.questions().size()));
                post(
                    http,
                    base,
                    "/api/v1/query",
                    token,
                    Map.of(
                        "query",
                        q.query().label().orElseThrow(),
                        "persona",
                        persona.name(),
                        "session_id",
                        session),
                    samples,
                    count,
                    requests,
                    errors,
                    throttled);
                Thread.sleep(rnd.nextLong(500, 1500));
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              samples[samples.length - 1] = count[0]; // the number of samples, in the last slot
              signIns[signIns.length - 1] = signInCount[0];
              done.countDown();
            }
          });
    }
    done.await();
    pool.shutdown();
    long[] signIns = merged(signInsPerUser);
    long[] questions = merged(questionsPerUser);
    long[] all = Arrays.copyOf(signIns, signIns.length + questions.length);
    System.arraycopy(questions, 0, all, signIns.length, questions.length);
    Arrays.sort(all);
    return new Result(requests.get(), errors.get(), throttled.get(), all, signIns, questions);
  }

  private static JsonNode post(
      HttpClient http,
      URI base,
      String path,
      String token,
      Map<String, ?> body,
      long[] samples,
      int[] count,
      AtomicLong requests,
      AtomicLong errors,
      AtomicLong throttled) {
    long start = System.nanoTime();
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      requests.incrementAndGet();
      if (count[0] < samples.length - 1) {
        samples[count[0]++] = System.nanoTime() - start;
      }
      if (r.statusCode() == 429) {
        throttled.incrementAndGet();
        return null;
      }
      if (r.statusCode() != 200) {
        errors.incrementAndGet();
        return null;
      }
      return JSON.readTree(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      requests.incrementAndGet();
      errors.incrementAndGet();
      return null;
    }
  }
}
