package dev.runway.core.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs at most one computation per key at a time: concurrent callers with the same key wait for the
 * first caller's result (or exception) instead of computing it again. The computation runs on the
 * first caller's thread, so no thread pool is involved and a caller's interrupt status and
 * thread-locals apply to it.
 *
 * @param <K> the key type
 * @param <V> the result type
 */
final class SingleFlight<K, V> {

  private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

  /**
   * Returns {@code compute}'s result for {@code key}, running it only if no other caller is already
   * running it.
   */
  public V run(K key, Supplier<V> compute) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> existing = inFlight.putIfAbsent(key, mine);
    if (existing != null) {
      try {
        return existing.join();
      } catch (CompletionException e) {
        throw rethrow(e.getCause());
      }
    }
    try {
      V v = compute.get();
      mine.complete(v);
      return v;
    } catch (Throwable t) {
      mine.completeExceptionally(t);
      throw rethrow(t);
    } finally {
      // removed after completion: a caller arriving later starts a fresh computation
      inFlight.remove(key, mine);
    }
  }

  /** Returns the number of computations running now. */
  public int inFlight() {
    return inFlight.size();
  }

  private static RuntimeException rethrow(@Nullable Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new CompletionException(t);
  }
}
