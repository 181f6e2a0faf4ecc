package dev.runway.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnSpecTest {

  private static ColumnSpec sized(String type) {
    return new ColumnSpec("c", type, 0, 0, 0).sized();
  }

  @Test
  void sizesInTheTypeName_moveToTheComponents() {
    assertThat(sized("DECIMAL(12, 2)")).isEqualTo(new ColumnSpec("c", "decimal", 0, 12, 2));
    assertThat(sized("varchar(32)")).isEqualTo(new ColumnSpec("c", "varchar", 32, 32, 0));
    assertThat(sized("timestamp(6) with time zone"))
        .isEqualTo(new ColumnSpec("c", "timestamp with time zone", 6, 6, 0));
    assertThat(sized("Character  Varying"))
        .isEqualTo(new ColumnSpec("c", "character varying", 0, 0, 0));
    // sizes already in the components stay when the name has none
    assertThat(new ColumnSpec("c", "numeric", 0, 18, 4).sized())
        .isEqualTo(new ColumnSpec("c", "numeric", 0, 18, 4));
  }
}
