package dev.runway.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link CacheHitBenchmark} with two threads hitting the same entry at once (this machine has two
 * cores).
 */
@Threads(2)
public class CacheHitTwoThreadsBenchmark extends CacheHitBenchmark {}
