package dev.runway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.query.Query;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

  @Test
  void of_whitespaceOnlyDifference_sameKey() {
    CacheKey a =
        CacheKey.of(Query.builder("SELECT *  FROM product\nWHERE id = :id").param("id", 1).build());
    CacheKey b =
        CacheKey.of(Query.builder("SELECT * FROM product WHERE id = :id").param("id", 1).build());
    assertThat(a).isEqualTo(b);
  }

  @Test
  void of_differentValueTypeOrScope_differentKey() {
    Query base = Query.builder("SELECT * FROM product WHERE id = :id").param("id", 1).build();
    CacheKey k = CacheKey.of(base);
    assertThat(CacheKey.of(Query.builder(base.sql()).param("id", "1").build())).isNotEqualTo(k);
    assertThat(CacheKey.of(Query.builder(base.sql()).param("id", 1L).build())).isNotEqualTo(k);
    assertThat(CacheKey.of(base.toBuilder().cacheScope("Field Engineer").build())).isNotEqualTo(k);
    assertThat(CacheKey.of(Query.builder(base.sql()).param("id", 2).build())).isNotEqualTo(k);
  }

  @Test
  void of_parameterOrder_doesNotMatter() {
    String sql = "SELECT :a, :b";
    assertThat(CacheKey.of(Query.builder(sql).param("a", 1).param("b", 2).build()))
        .isEqualTo(CacheKey.of(Query.builder(sql).param("b", 2).param("a", 1).build()));
  }

  @Test
  void toString_hidesParameterValues() {
    CacheKey k =
        CacheKey.of(Query.builder("SELECT :secret").param("secret", "hunter2-password").build());
    assertThat(k.value()).hasSize(64).doesNotContain("hunter2");
    assertThat(k.toString()).doesNotContain("hunter2").hasSize("CacheKey[".length() + 13);
    assertThat(CacheKey.of(Query.builder("SELECT :d").param("d", new BigDecimal("1.50")).build()))
        .isNotEqualTo(
            CacheKey.of(Query.builder("SELECT :d").param("d", new BigDecimal("1.5")).build()));
  }

  @Test
  void ofValue_badValue_isRefused() {
    assertThatThrownBy(() -> CacheKey.ofValue("xyz")).isInstanceOf(IllegalArgumentException.class);
    String v = CacheKey.of(Query.of("SELECT 1")).value();
    assertThat(CacheKey.ofValue(v))
        .isEqualTo(CacheKey.ofValue(v))
        .hasSameHashCodeAs(CacheKey.ofValue(v));
    assertThat(CacheKey.ofValue(v))
        .as("a value-only key never equals a material key")
        .isNotEqualTo(CacheKey.of(Query.of("SELECT 1")));
  }

  /**
   * The value is the same SHA-256 as before keys compared by material: keys already in Redis stay
   * valid.
   */
  @Test
  void value_isStableAcrossVersions() {
    Query q =
        Query.builder("SELECT * FROM product WHERE id = :id AND d = :d AND b = :b AND n = :n")
            .param("id", 1)
            .param("d", new BigDecimal("1.50"))
            .param("b", new byte[] {1, 2})
            .param("n", null)
            .cacheScope("Warehouse Manager")
            .build();
    assertThat(CacheKey.of(q).value())
        .isEqualTo("711aba0ed6615fda9928c246493d853a73cdc85b9c618d1eacc0298661c3e825");
  }

  @Test
  void equalHashes_differentScope_areDifferentKeys() {
    // "Aa" and "BB" have the same String hash: the keys hash alike and must still differ
    Query q = Query.of("SELECT * FROM product");
    CacheKey a = CacheKey.of(q.toBuilder().cacheScope("Aa").build());
    CacheKey b = CacheKey.of(q.toBuilder().cacheScope("BB").build());
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void equalKeys_haveEqualHashes_forEveryValueType() {
    String sql = "SELECT :v";
    Object[][] same = {
      {new BigDecimal("10"), new BigDecimal("1E+1")},
      {new byte[] {1, 2, 3}, new byte[] {1, 2, 3}},
      {null, Query.NULL},
      {java.time.LocalDate.of(2026, 1, 2), java.time.LocalDate.of(2026, 1, 2)}
    };
    for (Object[] pair : same) {
      CacheKey a = CacheKey.of(Query.builder(sql).param("v", pair[0]).build());
      CacheKey b = CacheKey.of(Query.builder(sql).param("v", pair[1]).build());
      assertThat(a).as(String.valueOf(pair[0])).isEqualTo(b);
      assertThat(a.hashCode()).isEqualTo(b.hashCode());
      assertThat(a.value()).as("equal in process means equal in Redis").isEqualTo(b.value());
    }
    assertThat(CacheKey.of(Query.builder(sql).param("v", new byte[] {1, 2}).build()))
        .isNotEqualTo(CacheKey.of(Query.builder(sql).param("v", new byte[] {1, 3}).build()));
  }
}
