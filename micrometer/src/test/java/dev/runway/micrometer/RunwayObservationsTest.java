package dev.runway.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.Runway;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.local.FileAuthProvider;
import dev.runway.core.local.UsersFile;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.RowStream;
import dev.runway.core.session.NewMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionConflictException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunwayObservationsTest {

  private static Runway runway(ObservationRegistry registry, MeterRegistry meters, int maxLabels) {
    RunwayObservations obs =
        RunwayObservations.builder(registry).meterRegistry(meters).maxLabels(maxLabels).build();
    Runway rw = Runway.builder().decorator(obs).build();
    rw.rawDatabase().execute("CREATE TABLE product (id INTEGER, category VARCHAR)");
    rw.rawDatabase().execute("INSERT INTO product VALUES (1, 'Pumps'), (2, 'Valves')");
    return rw;
  }

  @Test
  void query_isObserved_withEngineOutcomeAndCacheKeys() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    try (Runway rw = runway(registry, new SimpleMeterRegistry(), 10)) {
      Query q =
          Query.builder("SELECT count(*) FROM product WHERE category = :c")
              .param("c", "Pumps")
              .label("stock by category")
              .build();
      rw.database().execute(q);
      rw.database().execute(q);
      TestObservationRegistryAssert.assertThat(registry)
          .hasNumberOfObservationsWithNameEqualTo("runway.query", 2)
          .hasAnObservation(
              o ->
                  o.hasNameEqualTo("runway.query")
                      .hasLowCardinalityKeyValue("runway.engine", "duckdb")
                      .hasLowCardinalityKeyValue("runway.query.label", "stock by category")
                      .hasLowCardinalityKeyValue("outcome", "success")
                      .hasLowCardinalityKeyValue("error.category", "none")
                      .hasLowCardinalityKeyValue("runway.cache", "hit"))
          .hasAnObservation(
              o ->
                  o.hasNameEqualTo("runway.query")
                      .hasLowCardinalityKeyValue("runway.cache", "miss"))
          // the miss ran the loader inside the query's observation
          .hasNumberOfObservationsWithNameEqualTo("runway.cache.load", 1);
    }
  }

  @Test
  void failedQuery_isObservedWithItsCategory_andTheErrorReachesTheCaller() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    try (Runway rw = runway(registry, new SimpleMeterRegistry(), 10)) {
      assertThatThrownBy(() -> rw.database().execute("SELECT * FROM no_such_table"))
          .isInstanceOf(QueryFailedException.class);
      TestObservationRegistryAssert.assertThat(registry)
          .hasObservationWithNameEqualTo("runway.query")
          .that()
          .hasLowCardinalityKeyValue("outcome", "error")
          .hasLowCardinalityKeyValue("error.category", "user_error")
          .assertThatError()
          .isInstanceOf(QueryFailedException.class);
    }
  }

  private static ObservationRegistry timed(SimpleMeterRegistry meters) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    return registry;
  }

  private static long timed(SimpleMeterRegistry meters, String operation) {
    var timer = meters.find("runway.query").tag("runway.query.operation", operation).timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void streamAndAsync_areObservedUntilTheyEnd() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (Runway rw = runway(timed(meters), meters, 10)) {
      try (RowStream rows = rw.database().stream(Query.of("SELECT * FROM product ORDER BY id"))) {
        assertThat(rows.iterator().hasNext()).isTrue();
        assertThat(timed(meters, "stream")).as("still open: not yet timed").isZero();
        assertThat(meters.get("runway.query.active").longTaskTimer().activeTasks()).isEqualTo(1);
      }
      assertThat(timed(meters, "stream")).isEqualTo(1);
      rw.database().executeAsync(Query.of("SELECT 1")).get(30, TimeUnit.SECONDS);
      assertThat(timed(meters, "async")).isEqualTo(1);
    }
  }

  @Test
  void labels_pastTheCap_readOther() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (Runway rw = runway(timed(meters), meters, 2)) {
      for (String label : List.of("a", "b", "user text 1", "user text 2")) {
        rw.database().execute(Query.builder("SELECT 1").label(label).cacheable(false).build());
      }
      assertThat(meters.get("runway.query").tag("runway.query.label", "a").timer().count())
          .isEqualTo(1);
      assertThat(meters.get("runway.query").tag("runway.query.label", "other").timer().count())
          .isEqualTo(2);
      assertThat(meters.find("runway.query").tag("runway.query.label", "user text 1").timer())
          .isNull();
    }
  }

  @Test
  void timers_comeFromTheObservations_withBoundedTags() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    try (Runway rw = runway(registry, meters, 10)) {
      Query q = Query.builder("SELECT count(*) FROM product").label("count").build();
      rw.database().execute(q);
      rw.database().execute(q);
      assertThat(
              meters
                  .get("runway.query")
                  .tag("runway.cache", "hit")
                  .tag("outcome", "success")
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(meters.get("runway.query").tag("runway.cache", "miss").timer().count())
          .isEqualTo(1);
      assertThat(meters.get("runway.cache.load").timer().count()).isEqualTo(1);
    }
  }

  @Test
  void sessionsAndSignIns_areObserved_withoutUserNamesOrIds() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    RunwayObservations obs = RunwayObservations.builder(registry).meterRegistry(meters).build();
    UsersFile users =
        UsersFile.empty()
            .withUser(
                "maria.secret-name",
                "pw-123456".toCharArray(),
                List.of("Warehouse Manager"),
                null,
                4);
    try (Runway rw =
        Runway.builder()
            .auth(FileAuthProvider.builder().users(users).build())
            .decorator(obs)
            .build()) {
      assertThat(rw.auth().authenticate("maria.secret-name", "pw-123456"))
          .isInstanceOf(AuthResult.Authenticated.class);
      assertThat(rw.auth().authenticate("maria.secret-name", "wrong"))
          .isInstanceOf(AuthResult.Failed.class);
      Session s = rw.sessions().create("user-id-4711", "Warehouse Manager", Map.of());
      rw.sessions().update(s.withAttribute("step", 1));
      assertThatThrownBy(() -> rw.sessions().update(s.withAttribute("step", 2)))
          .isInstanceOf(SessionConflictException.class);
      assertThat(rw.sessions().find("no-such-session")).isEmpty();
      rw.sessions()
          .appendMessages(
              s.id(),
              List.of(
                  NewMessage.of("user", "q", Map.of()), NewMessage.of("assistant", "a", Map.of())));
      assertThat(rw.sessions().findWithHistory(s.id()).orElseThrow().messages()).hasSize(2);

      assertThat(
              meters.get("runway.auth.sign-ins").tag("result", "authenticated").counter().count())
          .isEqualTo(1);
      assertThat(
              meters
                  .get("runway.auth.sign-ins")
                  .tag("result", "invalid_credentials")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(
              meters
                  .get("runway.session")
                  .tag("runway.operation", "update")
                  .tag("outcome", "conflict")
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(
              meters
                  .get("runway.session")
                  .tag("runway.operation", "find")
                  .tag("outcome", "not-found")
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(meters.get("runway.session.conflicts").counter().count()).isEqualTo(1);
      // the batched calls are observed once each, not as the calls a default would make
      assertThat(
              meters
                  .get("runway.session")
                  .tag("runway.operation", "append-messages")
                  .tag("outcome", "success")
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(
              meters
                  .get("runway.session")
                  .tag("runway.operation", "find-with-history")
                  .tag("outcome", "success")
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(meters.find("runway.session").tag("runway.operation", "append-message").timer())
          .isNull();
      for (Meter m : meters.getMeters()) {
        for (Tag t : m.getId().getTags()) {
          assertThat(t.getValue())
              .as(m.getId().toString())
              .doesNotContain("maria", "secret-name", "4711", s.id(), "pw-123456");
        }
      }
    }
  }
}
