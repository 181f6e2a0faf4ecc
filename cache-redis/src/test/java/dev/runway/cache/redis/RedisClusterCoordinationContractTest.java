package dev.runway.cache.redis;

import dev.runway.core.coordination.Coordination;
import dev.runway.testkit.CoordinationContract;
import dev.runway.testkit.MutableClock;
import dev.runway.testkit.RedisDeployments;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.HostAndPort;

/**
 * The coordination contract against a Redis Cluster of three masters: every operation is one key,
 * one command or script, so none fails with CROSSSLOT whatever slot its key hashes to.
 */
class RedisClusterCoordinationContractTest extends CoordinationContract {

  private static RedisDeployments.Cluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisDeployments.cluster();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected Coordination createCoordination(MutableClock clock) {
    Set<HostAndPort> nodes =
        cluster.nodes().stream()
            .map(n -> new HostAndPort("127.0.0.1", n.port()))
            .collect(Collectors.toSet());
    return RedisCoordination.open(RedisConnections.builder().cluster(nodes).build(), "cluster");
  }

  @Override
  protected Coordination createAnotherOnTheSameStore(MutableClock clock) {
    return createCoordination(clock);
  }

  @Override
  protected boolean followsClock() {
    return false;
  }
}
