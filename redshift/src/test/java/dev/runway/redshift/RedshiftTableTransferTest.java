package dev.runway.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.RowStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UNLOAD and COPY take no parameters: what goes into their text is checked. */
class RedshiftTableTransferTest {

  @Test
  @DisplayName("a bad role, prefix, name or file size is refused with the expected form named")
  void guards() {
    try (Recording db = new Recording(JdbcDatabaseClient.embedded())) {
      assertThatThrownBy(() -> new RedshiftTableTransfer(db, "arn:aws:iam::1:role/x' --", u -> ""))
          .hasMessageContaining("role ARN");
      RedshiftTableTransfer t = new RedshiftTableTransfer(db, "arn:aws:iam::123456789012:role/Unload", u -> "");
      assertThatThrownBy(() -> t.export("public", "orders", "s3://bucket/it's/", null)).hasMessageContaining("s3://");
      assertThatThrownBy(() -> t.export("public", "orders\"; DROP TABLE x; --", "s3://b/p/", null))
          .hasMessageContaining("plain name");
      assertThatThrownBy(() -> t.importParquet("public", "t", "https://b/p/")).hasMessageContaining("s3://");
      assertThatThrownBy(() -> t.maxFileSize("6.2 GB; --")).hasMessageContaining("256 MB");
      assertThat(db.statements).as("every refusal came before any statement was sent").isEmpty();
      assertThatThrownBy(() -> t.columns("public", "no_such_table")).hasMessageContaining("no columns");
    }
  }

  /** A client that records every statement it is asked to run, to prove a refusal ran none. */
  static final class Recording extends ForwardingDatabaseClient {
    final List<String> statements = new CopyOnWriteArrayList<>();

    Recording(DatabaseClient delegate) {
      super(delegate);
    }

    @Override
    public QueryResult execute(Query query) {
      statements.add(query.sql());
      return super.execute(query);
    }

    @Override
    public RowStream stream(Query query) {
      statements.add(query.sql());
      return super.stream(query);
    }
  }
}
