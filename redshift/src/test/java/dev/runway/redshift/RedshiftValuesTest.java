package dev.runway.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.redshiftdata.model.ColumnMetadata;
import software.amazon.awssdk.services.redshiftdata.model.Field;

/**
 * Type mapping, field reading, parameter text, error classification and the Serverless estimate.
 */
class RedshiftValuesTest {

  private static Column col(String type, int precision, int scale) {
    return RedshiftValues.column(
        ColumnMetadata.builder()
            .name("c")
            .label("c")
            .typeName(type)
            .precision(precision)
            .scale(scale)
            .build());
  }

  @ParameterizedTest
  @CsvSource({
    "int2,INTEGER",
    "int4,INTEGER",
    "int8,BIGINT",
    "numeric,DECIMAL",
    "float4,REAL",
    "float8,DOUBLE",
    "bool,BOOLEAN",
    "varchar,VARCHAR",
    "bpchar,VARCHAR",
    "text,VARCHAR",
    "date,DATE",
    "timestamp,TIMESTAMP",
    "timestamptz,TIMESTAMP_WITH_TIME_ZONE",
    "time,TIME",
    "varbyte,BINARY",
    "super,OTHER",
    "geometry,OTHER"
  })
  @DisplayName("ColumnMetadata type names map to ColumnType")
  void types(String redshift, ColumnType expected) {
    assertThat(col(redshift, 10, 2).type()).isEqualTo(expected);
  }

  @Test
  @DisplayName("typed fields read as the normalised Java types")
  void fields() {
    assertThat(RedshiftValues.value(col("int4", 0, 0), Field.builder().longValue(7L).build()))
        .isEqualTo(7);
    assertThat(RedshiftValues.value(col("int8", 0, 0), Field.builder().longValue(7L).build()))
        .isEqualTo(7L);
    assertThat(
            RedshiftValues.value(col("numeric", 10, 2), Field.builder().stringValue("5").build()))
        .isEqualTo(new BigDecimal("5.00"));
    assertThat(RedshiftValues.value(col("float8", 0, 0), Field.builder().doubleValue(0.5).build()))
        .isEqualTo(0.5);
    assertThat(RedshiftValues.value(col("float4", 0, 0), Field.builder().doubleValue(0.25).build()))
        .isEqualTo(0.25f);
    assertThat(RedshiftValues.value(col("bool", 0, 0), Field.builder().booleanValue(true).build()))
        .isEqualTo(true);
    assertThat(
            RedshiftValues.value(
                col("date", 0, 0), Field.builder().stringValue("2026-01-02").build()))
        .isEqualTo(LocalDate.of(2026, 1, 2));
    assertThat(
            RedshiftValues.value(
                col("timestamp", 0, 0), Field.builder().stringValue("2026-01-02 03:04:05").build()))
        .isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 5));
    assertThat(
            RedshiftValues.value(
                col("timestamp", 0, 0),
                Field.builder().stringValue("2026-01-02 03:04:05.123456").build()))
        .isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 5, 123_456_000));
    assertThat(
            RedshiftValues.value(
                col("timestamptz", 0, 0),
                Field.builder().stringValue("2026-01-02 03:04:05+00").build()))
        .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(
            RedshiftValues.value(
                col("timestamptz", 0, 0),
                Field.builder().stringValue("2026-01-02 08:34:05.5+05:30").build()))
        .isEqualTo(Instant.parse("2026-01-02T03:04:05.5Z"));
    assertThat(
            (byte[])
                RedshiftValues.value(
                    col("varbyte", 0, 0),
                    Field.builder().blobValue(SdkBytes.fromByteArray(new byte[] {1, 2})).build()))
        .containsExactly(1, 2);
    assertThat(RedshiftValues.value(col("varchar", 0, 0), Field.builder().isNull(true).build()))
        .isNull();
    assertThat(RedshiftValues.value(col("varchar", 0, 0), Field.builder().stringValue("").build()))
        .isEqualTo("");
  }

  @Test
  @DisplayName("a field that does not read names the column and type")
  void badField() {
    assertThatThrownBy(
            () ->
                RedshiftValues.value(
                    col("date", 0, 0), Field.builder().stringValue("soon").build()))
        .hasMessageContaining("column c")
        .hasMessageContaining("date");
  }

  @Test
  @DisplayName(
      "parameter text: NULL and '' have none (they become SQL constants); others their plain form")
  void parameterText() {
    assertThat(RedshiftValues.text("p", null)).isNull();
    assertThat(RedshiftValues.text("p", "")).isNull();
    assertThat(RedshiftValues.text("p", " ")).isEqualTo(" ");
    assertThat(RedshiftValues.text("p", new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(RedshiftValues.text("p", LocalDateTime.of(2026, 1, 2, 3, 4, 5)))
        .isEqualTo("2026-01-02 03:04:05.000000");
    assertThat(RedshiftValues.text("p", Instant.parse("2026-01-02T03:04:05Z")))
        .isEqualTo("2026-01-02 03:04:05.000000+00");
    assertThat(RedshiftValues.text("p", true)).isEqualTo("true");
    assertThatThrownBy(() -> RedshiftValues.text("when", new java.util.Date()))
        .hasMessageContaining("when")
        .hasMessageContaining("java.util.Date");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ERROR: syntax error at or near \"SELEC\"|USER_ERROR",
        "ERROR: relation \"nope\" does not exist|USER_ERROR",
        "ERROR: permission denied for relation orders|USER_ERROR",
        "ERROR: column \"x\" does not exist in orders|USER_ERROR",
        "ERROR: 1023 DETAIL: Serializable isolation violation on table|TRANSIENT",
        "ERROR: could not connect to the leader node|TRANSIENT",
        "ERROR: Query (123) cancelled on user's request and canceling statement due to statement timeout|TIMEOUT",
        "ERROR: Assert|INTERNAL"
      })
  @DisplayName("statement error texts are classified")
  void errors(String text, ErrorCategory expected) {
    assertThat(RedshiftErrors.category(text)).isEqualTo(expected);
  }

  @Test
  @DisplayName("Serverless price: base RPU x duration x price per RPU-hour")
  void serverlessPrice() {
    RedshiftServerlessCost c = new RedshiftServerlessCost(8, new BigDecimal("0.375"));
    assertThat(c.price(Duration.ofSeconds(60))).isEqualByComparingTo("0.05");
    assertThat(c.price(Duration.ofSeconds(120))).isEqualByComparingTo("0.10");
    assertThat(new RedshiftServerlessCost(128, new BigDecimal("0.36")).price(Duration.ofHours(1)))
        .isEqualByComparingTo("46.08");
    assertThatThrownBy(() -> new RedshiftServerlessCost(0, BigDecimal.ONE))
        .hasMessageContaining("RPU");
  }

  private static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");

  private static Instant at(double seconds) {
    return T0.plusNanos((long) (seconds * 1e9));
  }

  @Test
  @DisplayName(
      "Serverless: a lone short statement is charged its seconds; the unused minute is the workgroup's overhead")
  void serverless_loneShortStatement() {
    RedshiftServerlessCost c = new RedshiftServerlessCost(8, new BigDecimal("0.375"));
    // 0.5 s at 8 RPU x $0.375/h = $0.000417, not the $0.05 a full minute costs
    assertThat(c.attribute("a", at(0), at(0.5))).isEqualByComparingTo("0.00041667");
    RedshiftServerlessCost.Totals t = c.totals();
    assertThat(t.billedUsd()).isEqualByComparingTo("0.05");
    assertThat(t.minimumUsd()).isEqualByComparingTo("0.04958333");
    assertThat(t.activePeriods()).isEqualTo(1);
    // reported once: describing the statement again gives the same figure and adds nothing
    assertThat(c.attribute("a", at(0), at(0.5))).isEqualByComparingTo("0.00041667");
    assertThat(c.totals()).isEqualTo(t);
  }

  @Test
  @DisplayName(
      "Serverless: statements within one minute share it; overlapping seconds are charged once")
  void serverless_sharedMinuteAndOverlap() {
    RedshiftServerlessCost c = new RedshiftServerlessCost(8, new BigDecimal("0.375"));
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < 10; i++) { // ten 0.5 s statements, one every 5 s: one minute billed
      BigDecimal each = c.attribute("s" + i, at(i * 5), at(i * 5 + 0.5));
      assertThat(each)
          .as("statement %d is never charged the minimum", i)
          .isEqualByComparingTo("0.00041667");
      sum = sum.add(each);
    }
    assertThat(c.totals().activePeriods()).isEqualTo(1);
    assertThat(c.totals().billedUsd()).isEqualByComparingTo("0.05");
    assertThat(sum.add(c.totals().minimumUsd()))
        .isCloseTo(new BigDecimal("0.05"), within(new BigDecimal("0.0000001")));

    RedshiftServerlessCost o = new RedshiftServerlessCost(8, new BigDecimal("0.375"));
    // two statements overlapping for 30 of their 60 s, completing out of order: 90 s billed in all
    BigDecimal late = o.attribute("late", at(30), at(90));
    BigDecimal early = o.attribute("early", at(0), at(60));
    assertThat(late.add(early)).isEqualByComparingTo(o.price(Duration.ofSeconds(90)));
    assertThat(o.totals().minimumUsd()).isEqualByComparingTo("0");
  }

  @Test
  @DisplayName(
      "Serverless: for random schedules, estimates plus overhead equal a second-by-second bill")
  void serverless_matchesAnIndependentBill() {
    java.util.Random random = new java.util.Random(42);
    for (int round = 0; round < 200; round++) {
      RedshiftServerlessCost c = new RedshiftServerlessCost(8, new BigDecimal("0.375"));
      int n = 1 + random.nextInt(12);
      int[][] statements = new int[n][2];
      int t = 0;
      for (int i = 0; i < n; i++) {
        t += random.nextInt(90); // gaps of 0-89 s: some in the same minute, some not
        statements[i][0] = t;
        statements[i][1] = t + 1 + random.nextInt(120);
      }
      // the bill by the rules, second by second: a period opens at a statement that starts after
      // the last one's billed time ended; it bills the seconds statements run, at least 60
      java.util.List<int[]> byStart = new java.util.ArrayList<>(java.util.List.of(statements));
      long billedSeconds = 0;
      int periodStart = -1;
      int periodEnd = -1;
      java.util.BitSet busy = new java.util.BitSet();
      for (int[] st : byStart) {
        if (periodStart < 0 || st[0] > Math.max(periodStart + 60, periodEnd)) {
          billedSeconds += periodStart < 0 ? 0 : Math.max(60, busy.cardinality());
          busy.clear();
          periodStart = st[0];
          periodEnd = st[1];
        }
        busy.set(st[0], st[1]);
        periodEnd = Math.max(periodEnd, st[1]);
      }
      billedSeconds += Math.max(60, busy.cardinality());
      // the estimator sees completions in end order
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> statements[i][1]));
      for (int i : order) {
        c.attribute("q" + i, at(statements[i][0]), at(statements[i][1]));
      }
      assertThat(c.totals().billedUsd())
          .as("round %d", round)
          .isEqualByComparingTo(c.price(Duration.ofSeconds(billedSeconds)));
    }
  }
}
