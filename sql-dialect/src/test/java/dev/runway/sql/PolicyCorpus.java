package dev.runway.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The policy's corpora: attacks with the rule each must be refused for, and legitimate queries. */
final class PolicyCorpus {

  /** One case: its expectation (a rule id, or a name for a legitimate query) and its SQL. */
  record Case(String expect, String sql, int line) {
    @Override
    public String toString() {
      return "line " + line + " [" + expect + "] " + sql.replace('\n', ' ');
    }
  }

  private PolicyCorpus() {}

  static List<Case> attacks() {
    return read("/policy/attacks.sql");
  }

  static List<Case> legitimate() {
    return read("/policy/legitimate.sql");
  }

  /**
   * The policy the corpora are written for: the six supply-chain tables, and three columns of
   * customer.
   */
  static SqlPolicy policy() {
    return SqlPolicy.builder()
        .allowTables(
            "product",
            "warehouse_product",
            "sales_order_header",
            "sales_order_line",
            "purchase_order_header",
            "purchase_order_line")
        .allowColumns("customer", "customer_id", "region", "segment")
        .maxRows(1_000)
        .build();
  }

  static String resource(String path) {
    try (InputStream in = PolicyCorpus.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the test class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Case> read(String path) {
    List<Case> cases = new ArrayList<>();
    String expect = null;
    int start = 0;
    StringBuilder sql = new StringBuilder();
    String[] lines = resource(path).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("-- case: ")) {
        if (expect != null) {
          cases.add(new Case(expect, sql.toString().strip(), start));
        }
        expect = line.substring("-- case: ".length()).strip();
        start = i + 2;
        sql.setLength(0);
      } else if (expect != null) {
        sql.append(line).append('\n');
      }
    }
    if (expect != null) {
      cases.add(new Case(expect, sql.toString().strip(), start));
    }
    return cases;
  }
}
