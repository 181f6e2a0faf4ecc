package dev.runway.benchmarks;

import dev.runway.core.cache.ResultCodec;
import dev.runway.core.query.QueryResult;
import dev.runway.testkit.SampleData;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of {@link ResultCodec} for a 10-row and a 10,000-row result of 12 columns of every type.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark {

  @Param({"10", "10000"})
  public int rows;

  private QueryResult result;
  private byte[] encoded;

  @Setup(Level.Trial)
  public void setUp() {
    result = SampleData.result(rows);
    encoded = ResultCodec.encode(result);
  }

  @Benchmark
  public byte[] encode() {
    return ResultCodec.encode(result);
  }

  @Benchmark
  public QueryResult decode() {
    return ResultCodec.decode(encoded);
  }
}
