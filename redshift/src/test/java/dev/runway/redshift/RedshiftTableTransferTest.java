package dev.runway.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.testkit.RecordingDatabaseClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UNLOAD and COPY take no parameters: what goes into their text is checked. */
class RedshiftTableTransferTest {

  @Test
  @DisplayName("a bad role, prefix, name or file size is refused with the expected form named")
  void guards() {
    try (RecordingDatabaseClient db = new RecordingDatabaseClient(JdbcDatabaseClient.embedded())) {
      assertThatThrownBy(() -> new RedshiftTableTransfer(db, "arn:aws:iam::1:role/x' --", u -> ""))
          .hasMessageContaining("role ARN");
      RedshiftTableTransfer t =
          new RedshiftTableTransfer(db, "arn:aws:iam::123456789012:role/Unload", u -> "");
      assertThatThrownBy(() -> t.export("public", "orders", "s3://bucket/it's/", null))
          .hasMessageContaining("s3://");
      assertThatThrownBy(() -> t.export("public", "orders\"; DROP TABLE x; --", "s3://b/p/", null))
          .hasMessageContaining("plain name");
      assertThatThrownBy(() -> t.importParquet("public", "t", "https://b/p/"))
          .hasMessageContaining("s3://");
      assertThatThrownBy(() -> t.maxFileSize("6.2 GB; --")).hasMessageContaining("256 MB");
      assertThat(db.statements()).as("every refusal came before any statement was sent").isEmpty();
      assertThatThrownBy(() -> t.columns("public", "no_such_table"))
          .hasMessageContaining("no columns");
    }
  }
}
