package dev.runway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Proves the contract suites catch broken implementations, by running them on broken ones. */
class ContractStrengthTest {

  private static Set<String> failedTests(Class<?> suite) {
    List<Event> failed = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(suite))
        .execute()
        .testEvents()
        .failed()
        .list();
    return failed.stream().map(e -> e.getTestDescriptor().getLegacyReportingName())
        .collect(Collectors.toSet());
  }

  @Test
  @DisplayName("a cache that ignores TTLs fails QueryCacheContract's expiry test")
  void queryCacheContract_ttlIgnoringCache_fails() {
    assertThat(failedTests(TtlIgnoringCacheContractRun.class))
        .contains("put_ttlPassed_entryExpires()");
  }

  @Test
  @DisplayName("a last-writer-wins session store fails SessionStoreContract's stale-update test")
  void sessionStoreContract_lastWriterWins_fails() {
    // The stale-update test catches it every time; the concurrent-increments test catches it only
    // when threads happen to interleave inside its race window, so it is not asserted here.
    assertThat(failedTests(StaleUpdateSessionStoreContractRun.class)).contains("update_stale_isRejected()");
  }

  @Test
  @DisplayName("a client whose cancel and timeout never reach the engine fails DatabaseClientContract")
  void databaseClientContract_neverCancels_fails() {
    assertThat(failedTests(BrokenCancelDatabaseContractRun.NeverCancels.class))
        .contains("execute_timeout_cancelsQuery()", "executeAsync_cancel_stopsQuery()");
  }

  @Test
  @DisplayName("a client whose early-closed streams keep their statements fails DatabaseClientContract")
  void databaseClientContract_leaksStreams_fails() {
    assertThat(failedTests(BrokenCancelDatabaseContractRun.LeaksStreams.class))
        .containsExactly("stream_closedEarly_releasesResources()");
  }
}
