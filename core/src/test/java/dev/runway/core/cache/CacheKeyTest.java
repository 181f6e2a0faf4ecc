package dev.runway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.query.Query;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

  @Test
  void of_whitespaceOnlyDifference_sameKey() {
    CacheKey a = CacheKey.of(Query.builder("SELECT *  FROM product\nWHERE id = :id").param("id", 1).build());
    CacheKey b = CacheKey.of(Query.builder("SELECT * FROM product WHERE id = :id").param("id", 1).build());
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
    CacheKey k = CacheKey.of(Query.builder("SELECT :secret").param("secret", "hunter2-password").build());
    assertThat(k.value()).hasSize(64).doesNotContain("hunter2");
    assertThat(k.toString()).doesNotContain("hunter2").hasSize("CacheKey[".length() + 13);
    assertThat(CacheKey.of(Query.builder("SELECT :d").param("d", new BigDecimal("1.50")).build()))
        .isNotEqualTo(CacheKey.of(Query.builder("SELECT :d").param("d", new BigDecimal("1.5")).build()));
  }

  @Test
  void constructor_badValue_isRefused() {
    assertThatThrownBy(() -> new CacheKey("xyz")).isInstanceOf(IllegalArgumentException.class);
  }
}
