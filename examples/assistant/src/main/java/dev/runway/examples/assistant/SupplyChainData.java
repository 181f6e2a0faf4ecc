package dev.runway.examples.assistant;

import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import java.io.PrintStream;
import java.util.List;

/**
 * Generates the six supply-chain tables deterministically at a chosen scale, inside the database
 * (DuckDB SQL over {@code range()}), so that a million rows take seconds and no data crosses JDBC.
 *
 * <p>Scale 1: 500 products, 10 warehouses, 20,000 sales orders (~60,000 lines), 2,000 purchase
 * orders (~5,000 lines); everything but the warehouse count grows linearly.
 *
 * <p>Values derive from the row number through DuckDB's {@code hash()}, so the same scale yields
 * the same data on every machine for a given DuckDB version.
 */
public final class SupplyChainData {

  /** The tables, in creation order. */
  public static final List<String> TABLES =
      List.of(
          "product",
          "warehouse_product",
          "sales_order_header",
          "sales_order_line",
          "purchase_order_header",
          "purchase_order_line");

  private static final String[] CATEGORIES = {
    "Pumps", "Valves", "Filters", "Motors", "Bearings", "Seals", "Sensors", "Controllers"
  };
  private static final String[] SUPPLIERS = {
    "Acme Industrial",
    "Borealis Parts",
    "Cobalt Supply",
    "Delta Components",
    "Evergreen Manufacturing",
    "Fulcrum Tools",
    "Granite Fluidics",
    "Helix Motion"
  };
  private static final String[] REGIONS = {"North", "South", "East", "West"};

  private final DatabaseClient db;
  private final int scale;
  private final PrintStream progress;

  /**
   * Creates a generator.
   *
   * @param db an embedded (DuckDB) client
   * @param scale 1 or more
   * @param progress where the progress bar goes, or {@code null} for none
   */
  public SupplyChainData(DatabaseClient db, int scale, PrintStream progress) {
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be >= 1, got " + scale);
    }
    this.db = db;
    this.scale = scale;
    this.progress = progress;
  }

  /** Returns the number of products at this scale. */
  public int products() {
    return 500 * scale;
  }

  /** Returns the number of warehouses at this scale. */
  public int warehouses() {
    return Math.min(50, 10 + 2 * (scale - 1));
  }

  /** Returns the number of sales orders at this scale. */
  public int salesOrders() {
    return 20_000 * scale;
  }

  /** Returns the number of purchase orders at this scale. */
  public int purchaseOrders() {
    return 2_000 * scale;
  }

  /** Returns whether all six tables exist already. */
  public boolean exists() {
    long n =
        db.execute(
                Query.builder(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name IN "
                            + "('product','warehouse_product','sales_order_header','sales_order_line','purchase_order_header',"
                            + "'purchase_order_line')")
                    .cacheable(false)
                    .build())
            .row(0)
            .getLong(0);
    return n == TABLES.size();
  }

  /** Drops and regenerates the six tables. */
  public void generate() {
    // DuckDB's hash() mixes well and is stable for a DuckDB version, which the build pins.
    run(
        "CREATE OR REPLACE MACRO mix(i, salt) AS ((hash(i::BIGINT * 1000 + salt) % 1000003)::BIGINT)");
    run("CREATE OR REPLACE MACRO pick(i, salt, n) AS (mix(i, salt) % n)");
    run("CREATE OR REPLACE MACRO frac(i, salt) AS (mix(i, salt) / 1000003.0)");
    int steps = 2 + 2 * 10 + 2 * 5;
    Progress bar = new Progress(progress, steps);
    run(
        "CREATE OR REPLACE TABLE product AS SELECT range::INTEGER AS product_id, "
            + "'Part-' || lpad(range::VARCHAR, 6, '0') || ' ' || "
            + array(CATEGORIES)
            + "[pick(range, 1, 8) + 1] AS product_name, "
            + array(CATEGORIES)
            + "[pick(range, 1, 8) + 1] AS category, "
            + "round(5 + frac(range, 2) * 495, 2)::DECIMAL(10,2) AS unit_price, "
            + "round((5 + frac(range, 2) * 495) * (0.45 + frac(range, 3) * 0.3), 2)::DECIMAL(10,2) AS unit_cost, "
            + array(SUPPLIERS)
            + "[pick(range, 4, 8) + 1] AS supplier_name, "
            + "(3 + pick(range, 5, 40))::INTEGER AS lead_time_days, "
            + "(pick(range, 6, 50) <> 0) AS is_active "
            + "FROM range(1, "
            + (products() + 1)
            + ")");
    bar.step("product");
    run(
        "CREATE OR REPLACE TABLE warehouse_product AS SELECT 'WH-' || lpad(w::VARCHAR, 2, '0') AS warehouse_id, "
            + "p AS product_id, pick(p * 100 + w, 7, 400)::INTEGER AS quantity_on_hand, "
            + "(20 + pick(p * 100 + w, 8, 80))::INTEGER AS reorder_point, (10 + pick(p * 100 + w, 9, 30))::INTEGER AS safety_stock, "
            + "(DATE '2026-09-30' - pick(p * 100 + w, 10, 60)::INTEGER) AS last_counted "
            + "FROM range(1, "
            + (warehouses() + 1)
            + ") t(w), range(1, "
            + (products() + 1)
            + ") u(p) "
            + "WHERE pick(p * 100 + w, 11, 10) < 7");
    bar.step("warehouse_product");
    run(
        "CREATE OR REPLACE TABLE sales_order_header (order_id BIGINT, customer_id INTEGER, order_date DATE, "
            + "warehouse_id VARCHAR, status VARCHAR, region VARCHAR)");
    run(
        "CREATE OR REPLACE TABLE sales_order_line (order_id BIGINT, line_number INTEGER, product_id INTEGER, "
            + "quantity INTEGER, unit_price DECIMAL(10,2), line_amount DECIMAL(12,2))");
    chunks(
        salesOrders(),
        10,
        (from, to) -> {
          run(
              "INSERT INTO sales_order_header SELECT range, (1 + pick(range, 12, "
                  + (2_000 * scale)
                  + "))::INTEGER, "
                  + "DATE '2025-10-01' + pick(range, 13, 365)::INTEGER, "
                  + "'WH-' || lpad((1 + pick(range, 14, "
                  + warehouses()
                  + "))::VARCHAR, 2, '0'), "
                  + "['delivered','delivered','delivered','shipped','open','cancelled'][pick(range, 15, 6) + 1], "
                  + array(REGIONS)
                  + "[pick(range, 16, 4) + 1] FROM range("
                  + from
                  + ", "
                  + to
                  + ")");
          bar.step("sales_order_header");
        });
    chunks(
        salesOrders(),
        10,
        (from, to) -> {
          run(
              "INSERT INTO sales_order_line SELECT o, l::INTEGER, p.product_id, q, p.unit_price, "
                  + "(q * p.unit_price)::DECIMAL(12,2) FROM (SELECT o, l, (1 + pick(o * 10 + l, 17, "
                  + products()
                  + "))::INTEGER AS pid, "
                  + "(1 + pick(o * 10 + l, 18, 20))::INTEGER AS q FROM range("
                  + from
                  + ", "
                  + to
                  + ") t(o), range(1, 6) u(l) "
                  + "WHERE l <= 1 + pick(o, 19, 5)) x JOIN product p ON p.product_id = x.pid");
          bar.step("sales_order_line");
        });
    run(
        "CREATE OR REPLACE TABLE purchase_order_header (po_id BIGINT, supplier_name VARCHAR, order_date DATE, "
            + "expected_date DATE, received_date DATE, status VARCHAR, warehouse_id VARCHAR)");
    run(
        "CREATE OR REPLACE TABLE purchase_order_line (po_id BIGINT, line_number INTEGER, product_id INTEGER, "
            + "quantity INTEGER, unit_cost DECIMAL(10,2))");
    chunks(
        purchaseOrders(),
        5,
        (from, to) -> {
          run(
              "INSERT INTO purchase_order_header SELECT range, "
                  + array(SUPPLIERS)
                  + "[pick(range, 20, 8) + 1], d, "
                  + "d + (5 + pick(range, 21, 30))::INTEGER, "
                  + "CASE WHEN pick(range, 22, 10) < 8 THEN d + (3 + pick(range, 23, 40))::INTEGER END, "
                  + "CASE WHEN pick(range, 22, 10) < 8 THEN 'received' ELSE 'open' END, "
                  + "'WH-' || lpad((1 + pick(range, 24, "
                  + warehouses()
                  + "))::VARCHAR, 2, '0') "
                  + "FROM (SELECT range, DATE '2025-10-01' + pick(range, 25, 365)::INTEGER AS d FROM range("
                  + from
                  + ", "
                  + to
                  + "))");
          bar.step("purchase_order_header");
        });
    chunks(
        purchaseOrders(),
        5,
        (from, to) -> {
          run(
              "INSERT INTO purchase_order_line SELECT o, l::INTEGER, p.product_id, q, p.unit_cost "
                  + "FROM (SELECT o, l, (1 + pick(o * 10 + l, 27, "
                  + products()
                  + "))::INTEGER AS pid, "
                  + "(10 + pick(o * 10 + l, 26, 200))::INTEGER AS q FROM range("
                  + from
                  + ", "
                  + to
                  + ") t(o), range(1, 5) u(l) "
                  + "WHERE l <= 1 + pick(o, 28, 4)) x JOIN product p ON p.product_id = x.pid");
          bar.step("purchase_order_line");
        });
    bar.done();
  }

  /** Returns the row count of every table, for the demo's summary. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    for (String t : TABLES) {
      long n =
          db.execute(Query.builder("SELECT count(*) FROM " + t).cacheable(false).build())
              .row(0)
              .getLong(0);
      sb.append(String.format("  %-22s %,12d rows%n", t, n));
    }
    return sb.toString();
  }

  private interface Chunk {
    void run(long from, long to);
  }

  private static void chunks(int total, int parts, Chunk chunk) {
    long size = (total + parts - 1) / parts;
    for (int i = 0; i < parts; i++) {
      long from = 1 + i * size;
      long to = Math.min(total + 1L, from + size);
      chunk.run(from, to);
    }
  }

  private void run(String sql) {
    db.execute(Query.builder(sql).cacheable(false).build());
  }

  private static String array(String[] values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ", ").append('\'').append(values[i].replace("'", "''")).append('\'');
    }
    return sb.append(']').toString();
  }

  /** A one-line progress bar redrawn in place. */
  private static final class Progress {
    private final PrintStream out;
    private final int total;
    private int done;
    private final long start = System.nanoTime();

    Progress(PrintStream out, int total) {
      this.out = out;
      this.total = total;
    }

    void step(String table) {
      done++;
      if (out == null) {
        return;
      }
      int width = 30;
      int filled = done * width / total;
      out.printf(
          "\r  generating [%s%s] %3d%%  %-22s",
          "#".repeat(filled), " ".repeat(width - filled), done * 100 / total, table);
      out.flush();
    }

    void done() {
      if (out != null) {
        out.printf(
            "\r  generated in %.1f s%s%n", (System.nanoTime() - start) / 1e9, " ".repeat(50));
      }
    }
  }
}
