package dev.runway.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class ResultComparatorTest {

  @Test
  void equalUnder_documentedRules_forgiveAndNameThemselves() {
    assertThat(
            ResultComparator.equalUnder(
                LocalDateTime.parse("2026-01-01T10:00:00.123456"),
                LocalDateTime.parse("2026-01-01T10:00:00.123")))
        .isEqualTo("timestamp-precision");
    assertThat(
            ResultComparator.equalUnder(
                Instant.parse("2026-01-01T10:00:00.123456Z"),
                Instant.parse("2026-01-01T10:00:00.123Z")))
        .isEqualTo("timestamp-precision");
    assertThat(ResultComparator.equalUnder(new BigDecimal("5.000"), new BigDecimal("5.00")))
        .isEqualTo("decimal-scale");
    // an engine that keeps more digits rounds to the same value at the smaller scale
    assertThat(ResultComparator.equalUnder(new BigDecimal("5.0125"), new BigDecimal("5.01")))
        .isEqualTo("decimal-scale");
    assertThat(ResultComparator.equalUnder(0.1 + 0.2, 0.3)).isEqualTo("float-tolerance");
    assertThat(ResultComparator.equalUnder("AB   ", "AB")).isEqualTo("char-padding");
    assertThat(ResultComparator.equalUnder(true, "t")).isEqualTo("boolean-text");
    assertThat(ResultComparator.equalUnder("1", false)).isNull();
    assertThat(ResultComparator.equalUnder("{\"a\": 1, \"b\": [1,2]}", "{\"b\":[1,2],\"a\":1}"))
        .isEqualTo("json-canonical");
    assertThat(ResultComparator.equalUnder("x", "x")).isEmpty();
  }

  @Test
  void equalUnder_realDifferences_areNotForgiven() {
    assertThat(ResultComparator.equalUnder(null, "")).as("NULL is never ''").isNull();
    assertThat(ResultComparator.equalUnder("", null)).isNull();
    assertThat(
            ResultComparator.equalUnder(
                LocalDateTime.parse("2026-01-01T10:00:00.124"),
                LocalDateTime.parse("2026-01-01T10:00:00.123")))
        .isNull();
    assertThat(ResultComparator.equalUnder(new BigDecimal("5.1"), new BigDecimal("5.0"))).isNull();
    assertThat(ResultComparator.equalUnder(2.5, 2L)).isNull();
    assertThat(ResultComparator.equalUnder("AB", " AB")).isNull();
    assertThat(ResultComparator.equalUnder("{\"a\":1}", "{\"a\":2}")).isNull();
  }
}
