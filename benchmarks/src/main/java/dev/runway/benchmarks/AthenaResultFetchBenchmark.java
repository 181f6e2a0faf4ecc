package dev.runway.benchmarks;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.runway.athena.AthenaDatabaseClient;
import dev.runway.core.engine.PollingPolicy;
import dev.runway.core.query.Query;
import dev.runway.core.query.Row;
import dev.runway.core.query.RowStream;
import dev.runway.testkit.aws.AthenaFixture;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reading a 100,000-row result (an integer, a text and a decimal column) from the Athena protocol
 * fixture: {@code API} pages through GetQueryResults 1,000 rows a call, {@code S3} streams the
 * result CSV from the fixture's local S3 path. Both run the same query each time; the result is
 * generated once per query by the fixture on either path. BenchmarkMain prints API / S3.
 */
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AthenaResultFetchBenchmark {

  @Param({"API", "S3"})
  public String fetch;

  /**
   * With {@code true}, Athena's result reuse answers every run from the first one, so the fixture
   * neither runs the query nor writes the CSV again: what remains is the client's own cost.
   */
  @Param({"false", "true"})
  public boolean reuse;

  /**
   * S3 byte ranges in KiB (8 MiB: the default, one GET for this result; 512: several, four at
   * once).
   */
  @Param({"8192", "512"})
  public int rangeKib;

  private String resultKey;

  private AthenaFixture fixture;
  private AthenaClient sdk;
  private S3Client s3;
  private AthenaDatabaseClient athena;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = new AthenaFixture();
    URI endpoint = fixture.endpoint();
    StaticCredentialsProvider creds =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
    sdk =
        AthenaClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    s3 =
        S3Client.builder()
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    AthenaDatabaseClient.Builder b =
        AthenaDatabaseClient.builder()
            .athenaClient(sdk)
            .s3Client(s3)
            .polling(new PollingPolicy(Duration.ofMillis(5), 1.5, Duration.ofMillis(50), 0.2))
            .resultFetch(AthenaDatabaseClient.ResultFetch.valueOf(fetch));
    if (reuse) {
      b.resultReuse(Duration.ofHours(1));
    }
    b.s3RangedGets(rangeKib * 1024L, 4);
    athena = b.build();
    try (RowStream rows = athena.stream(Query.builder(SQL).cacheable(false).build())) {
      resultKey = "athena/" + rows.queryId().orElseThrow() + ".csv";
      rows.iterator().next();
    }
  }

  private static final String SQL =
      "SELECT i, 'order line ' || i AS label, CAST(i AS DECIMAL(12,2)) / 4 AS amount FROM range(0, 100000) t(i)";

  /**
   * The floor: one plain GET of the same result CSV (already written by the fixture) parsed by a
   * general CSV library (Jackson CSV, with unquoted empty fields as NULL), every value read as
   * text.
   */
  @Benchmark
  public long plainGetAndParse(Blackhole bh) throws Exception {
    CsvMapper mapper = new CsvMapper();
    mapper
        .enable(CsvParser.Feature.WRAP_AS_ARRAY)
        .enable(CsvParser.Feature.EMPTY_UNQUOTED_STRING_AS_NULL);
    long n = 0;
    try (InputStream in = s3.getObject(g -> g.bucket("runway-fixture-results").key(resultKey));
        MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(in)) {
      while (it.hasNext()) {
        String[] row = it.next();
        bh.consume(row[0]);
        n++;
      }
    }
    if (n != 100_001) {
      throw new IllegalStateException("read " + n + " lines, expected 100001 (with the header)");
    }
    return n;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    athena.close();
    s3.close();
    sdk.close();
    fixture.close();
  }

  @Benchmark
  public long read(Blackhole bh) {
    long n = 0;
    try (RowStream rows = athena.stream(Query.builder(SQL).cacheable(false).build())) {
      for (Row row : rows) {
        bh.consume(row.get(0));
        n++;
      }
    }
    if (n != 100_000) {
      throw new IllegalStateException("read " + n + " rows, expected 100000");
    }
    return n;
  }
}
