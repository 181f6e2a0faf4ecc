package dev.runway.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Multi-process Redis deployments for tests, built from {@link RedisServer}s on free loopback
 * ports: a Cluster of three masters, and a master with a replica watched by one Sentinel.
 */
public final class RedisDeployments {

  private RedisDeployments() {}

  /** A running Redis Cluster. */
  public static final class Cluster implements AutoCloseable {
    private final List<RedisServer> nodes;

    private Cluster(List<RedisServer> nodes) {
      this.nodes = nodes;
    }

    /** Returns the nodes. */
    public List<RedisServer> nodes() {
      return nodes;
    }

    @Override
    public void close() {
      nodes.forEach(RedisServer::close);
    }
  }

  /** A master, a replica and a Sentinel monitoring them as {@code mymaster}. */
  public static final class Sentinel implements AutoCloseable {
    private final RedisServer master;
    private final RedisServer replica;
    private final RedisServer sentinel;

    private Sentinel(RedisServer master, RedisServer replica, RedisServer sentinel) {
      this.master = master;
      this.replica = replica;
      this.sentinel = sentinel;
    }

    /** Returns the initial master. */
    public RedisServer master() {
      return master;
    }

    /** Returns the initial replica. */
    public RedisServer replica() {
      return replica;
    }

    /** Returns the Sentinel. */
    public RedisServer sentinel() {
      return sentinel;
    }

    /** Returns the master name. */
    public String masterName() {
      return "mymaster";
    }

    @Override
    public void close() {
      sentinel.close();
      replica.close();
      master.close();
    }
  }

  /**
   * Starts a Cluster of three masters (no replicas) and waits until it reports {@code
   * cluster_state:ok}.
   */
  public static Cluster cluster(String... extraArgs) {
    List<RedisServer> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        List<String> args =
            new ArrayList<>(
                List.of(
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    "2000"));
        args.addAll(List.of(extraArgs));
        nodes.add(RedisServer.start(args.toArray(String[]::new)));
      }
      List<String> create = new ArrayList<>(List.of(cli(), "--cluster", "create"));
      for (RedisServer n : nodes) {
        create.add("127.0.0.1:" + n.port());
      }
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      run(create);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        boolean ok = true;
        for (RedisServer n : nodes) {
          ok &=
              run(List.of(cli(), "-p", String.valueOf(n.port()), "cluster", "info"))
                  .contains("cluster_state:ok");
        }
        if (ok) {
          return new Cluster(nodes);
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException("the cluster did not reach cluster_state:ok in 30 s");
    } catch (RuntimeException | InterruptedException e) {
      nodes.forEach(RedisServer::close);
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /** Starts a master, a replica of it, and a Sentinel that fails over after 1 s of silence. */
  public static Sentinel sentinel() {
    RedisServer master = RedisServer.start();
    RedisServer replica = null;
    try {
      replica = RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
      int sentinelPort = ServerFixtures.freePort();
      Path conf = Files.createTempFile("runway-sentinel", ".conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 1",
              "sentinel down-after-milliseconds mymaster 1000",
              "sentinel failover-timeout mymaster 5000",
              "sentinel parallel-syncs mymaster 1",
              ""),
          StandardCharsets.UTF_8);
      RedisServer sentinel = RedisServer.start(sentinelPort, conf.toString(), "--sentinel");
      return new Sentinel(master, replica, sentinel);
    } catch (IOException e) {
      master.close();
      if (replica != null) {
        replica.close();
      }
      throw new IllegalStateException(e);
    }
  }

  private static String cli() {
    Path p = ServerFixtures.findExecutable("redis-cli");
    if (p == null) {
      ServerFixtures.unavailable(
          "redis-cli is not on the PATH (Debian: apt-get install redis-tools)");
    }
    return p.toString();
  }

  /** Runs a command and returns its output; fails on a non-zero exit. */
  static String run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
