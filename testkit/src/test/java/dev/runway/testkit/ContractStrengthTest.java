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
    List<Event> failed =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(suite))
            .execute()
            .testEvents()
            .failed()
            .list();
    return failed.stream()
        .map(e -> e.getTestDescriptor().getLegacyReportingName())
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
    // the stale-update test and the forced interleaving inside update(id, mutation) catch it on
    // every run; the free-running concurrent tests catch it only when threads meet in the window
    assertThat(failedTests(StaleUpdateSessionStoreContractRun.class))
        .contains("update_stale_isRejected()", "updateWithMutation_conflict_isRetried()");
  }

  @Test
  @DisplayName("a cache whose getOrLoad ignores the TTL (put honours it) fails QueryCacheContract")
  void queryCacheContract_getOrLoadIgnoresTtl_fails() {
    assertThat(failedTests(GetOrLoadTtlIgnoringCacheContractRun.class))
        .containsExactly("getOrLoad_ttlPassed_loadsAgain()");
  }

  @Test
  @DisplayName("a session store with counter ids fails SessionStoreContract's id test")
  void sessionStoreContract_counterIds_fails() {
    assertThat(failedTests(BrokenSessionStoreContractRuns.CounterIds.class))
        .containsExactly("create_ids_areLongAndUnique()");
  }

  @Test
  @DisplayName(
      "a session store that appends by read-compute-write fails SessionStoreContract's concurrent history test")
  void sessionStoreContract_nonAtomicAppend_fails() {
    assertThat(failedTests(BrokenSessionStoreContractRuns.NonAtomicAppend.class))
        .contains("appendMessage_concurrent_isAtomic()");
  }

  @Test
  @DisplayName(
      "a client whose cancel and timeout never reach the engine fails DatabaseClientContract")
  void databaseClientContract_neverCancels_fails() {
    assertThat(failedTests(BrokenCancelDatabaseContractRun.NeverCancels.class))
        .contains("execute_timeout_cancelsQuery()", "executeAsync_cancel_stopsQuery()");
  }

  @Test
  @DisplayName(
      "a client whose early-closed streams keep their statements fails DatabaseClientContract")
  void databaseClientContract_leaksStreams_fails() {
    assertThat(failedTests(BrokenCancelDatabaseContractRun.LeaksStreams.class))
        .containsExactly("stream_closedEarly_releasesResources()");
  }
}
