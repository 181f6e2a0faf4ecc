package dev.runway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.query.Query;
import org.junit.jupiter.api.Test;

/**
 * Keys that hash alike but must differ (so equality, not the hash, decides a hit), the value's
 * layout for every parameter type and for long texts, and value-only keys' format.
 */
class CacheKeyEdgeTest {

  private static CacheKey key(Object v) {
    return CacheKey.of(Query.builder("SELECT :v").param("v", v).build());
  }

  @Test
  void collidingHashes_stillCompareTheMaterial() {
    // "Aa" and "BB" hash alike in Java
    assertThat(key("Aa").hashCode()).isEqualTo(key("BB").hashCode());
    assertThat(key("Aa")).isNotEqualTo(key("BB")).isEqualTo(key("Aa"));
    // {0, 31} and {1, 0} have the same Arrays.hashCode
    assertThat(key(new byte[] {0, 31}).hashCode()).isEqualTo(key(new byte[] {1, 0}).hashCode());
    assertThat(key(new byte[] {0, 31})).isNotEqualTo(key(new byte[] {1, 0}));
    // Integer 1 and Long 1 hash alike: different types are different keys
    assertThat(key(1).hashCode()).isEqualTo(key(1L).hashCode());
    assertThat(key(1)).isNotEqualTo(key(1L));
    // SQL texts whose normalised forms hash alike
    CacheKey a = CacheKey.of(Query.of("SELECT 'Aa'"));
    CacheKey b = CacheKey.of(Query.of("SELECT 'BB'"));
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(a).isNotEqualTo(b);
    // a different number of parameters
    assertThat(CacheKey.of(Query.builder("SELECT :v, :w").param("v", 1).param("w", 2).build()))
        .isNotEqualTo(
            CacheKey.of(Query.builder("SELECT :v, :w").param("v", 1).build().toBuilder().build()));
    CacheKey same = key("x");
    assertThat(same).isEqualTo(same).isNotEqualTo("x");
  }

  @Test
  void value_layoutIsStable_forTextsLongAndShort_andEachType() {
    assertThat(key("warehouse-7").value()).isEqualTo(GOLDEN_STRING);
    assertThat(key(42L).value()).isEqualTo(GOLDEN_LONG);
    assertThat(key("x".repeat(300)).value()).isEqualTo(GOLDEN_LONG_TEXT);
    // a length needing the third byte of the prefix
    assertThat(key("y".repeat(70_000)).value()).isEqualTo(GOLDEN_70K_TEXT);
    assertThat(key(java.time.LocalDate.of(2026, 11, 26)).value()).isEqualTo(GOLDEN_DATE);
    // the type is part of the value: "1" as text, 1 as an integer, 1 as a long
    assertThat(key("1").value()).isNotEqualTo(key(1).value()).isNotEqualTo(key(1L).value());
    assertThat(key(1).value()).isNotEqualTo(key(1L).value());
  }

  @Test
  void valueOnlyKeys_areSixtyFourLowerCaseHexDigits() {
    String ok = "0123456789abcdef".repeat(4);
    assertThat(CacheKey.ofValue(ok).value()).isEqualTo(ok);
    assertThat(CacheKey.ofValue(ok))
        .isEqualTo(CacheKey.ofValue(ok))
        .hasSameHashCodeAs(CacheKey.ofValue(ok));
    assertThat(CacheKey.ofValue(ok)).isNotEqualTo(CacheKey.ofValue("f" + ok.substring(1)));
    for (String bad :
        new String[] {
          ok.substring(1),
          ok + "0",
          ok.toUpperCase(),
          "g" + ok.substring(1),
          "/" + ok.substring(1),
          ":" + ok.substring(1),
          "`" + ok.substring(1)
        }) {
      assertThatThrownBy(() -> CacheKey.ofValue(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("64 lower-case hex digits");
    }
    // a key of material and a value-only key of the same value are different kinds
    CacheKey material = key("x");
    assertThat(CacheKey.ofValue(material.value())).isNotEqualTo(material);
    assertThat(material.toString())
        .isEqualTo("CacheKey[" + material.value().substring(0, 12) + "]");
  }

  // SHA-256 over length-prefixed (4-byte big-endian) UTF-8 fields: "runway-cache-key-v1", the
  // scope, the SHA-256 of the normalised SQL, then each parameter's name and "Type:value"; the
  // figures below were computed from that description by a separate script, not by this class
  private static final String GOLDEN_STRING =
      "2692627cca48753af577e5c87e56eea38d4c418b1eb0085a8aff45dcde4e98fd";
  private static final String GOLDEN_LONG =
      "74a439e4092c347b5fef3a7c6c9111640b1e239951f85c31f6a7bb7542f82ca5";
  private static final String GOLDEN_LONG_TEXT =
      "e1e11b13fc176223a971a6c0acbe30498f7a4867aea8f5b936ca0af5d3f905f3";
  private static final String GOLDEN_70K_TEXT =
      "1bbcc9256a7be95ff53b33f09158bcc37f32b5e65797ee829e4dca106a7fa466";
  private static final String GOLDEN_DATE =
      "2969600c3ca65cd2df0c805c1a39cdb90cc6b639ee72b96f3a2925c0d199a443";
}
