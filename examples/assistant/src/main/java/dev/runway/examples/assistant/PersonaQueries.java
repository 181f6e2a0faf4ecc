package dev.runway.examples.assistant;

import dev.runway.core.query.Query;
import java.time.LocalDate;
import java.util.List;

/**
 * The analytical questions each persona of the supply-chain assistant asks, as parameterised SQL.
 */
public final class PersonaQueries {

  /** The date the demo treats as today, so results do not depend on the day it runs. */
  public static final LocalDate TODAY = LocalDate.of(2026, 10, 1);

  /**
   * One question: what a user asks, and the SQL that answers it.
   *
   * @param question the question in words
   * @param query the parameterised query, in the SQL DuckDB, PostgreSQL and Redshift share
   * @param athena the same query for Athena (Trino) where its engine needs other SQL, else the same
   */
  public record Question(String question, Query query, Query athena) {
    Question(String question, Query query) {
      this(question, query, query);
    }

    /**
     * Returns the query for {@code engine} ({@code duckdb}, {@code postgresql}, {@code redshift},
     * {@code athena}): the same answer on each, within the rounding of the last digit.
     */
    public Query queryFor(String engine) {
      return "athena".equals(engine) ? athena : query;
    }
  }

  /**
   * One persona and its questions.
   *
   * @param name the persona's name, as in the users file
   * @param questions what it asks
   */
  public record Persona(String name, List<Question> questions) {}

  private PersonaQueries() {}

  /** Returns the three personas with their questions. */
  public static List<Persona> all() {
    return List.of(warehouseManager(), fieldEngineer(), procurementSpecialist());
  }

  private static Query.Builder q(String persona, String label, String sql) {
    return Query.builder(sql).label(label).cacheScope(persona);
  }

  static Persona warehouseManager() {
    String p = "Warehouse Manager";
    return new Persona(
        p,
        List.of(
            new Question(
                "Which items at WH-03 are below their reorder point?",
                q(
                        p,
                        "wm.below-reorder",
                        """
            SELECT wp.product_id, pr.product_name, wp.quantity_on_hand, wp.reorder_point,
                   wp.reorder_point - wp.quantity_on_hand AS shortfall
            FROM warehouse_product wp JOIN product pr ON pr.product_id = wp.product_id
            WHERE wp.warehouse_id = :warehouse AND wp.quantity_on_hand < wp.reorder_point AND pr.is_active
            ORDER BY shortfall DESC, wp.product_id
            LIMIT 10""")
                    .param("warehouse", "WH-03")
                    .build()),
            new Question(
                "What is the inventory value by category at WH-03?",
                q(
                        p,
                        "wm.inventory-value",
                        """
            SELECT pr.category, count(*) AS products, sum(wp.quantity_on_hand) AS units,
                   sum(wp.quantity_on_hand * pr.unit_cost) AS inventory_value
            FROM warehouse_product wp JOIN product pr ON pr.product_id = wp.product_id
            WHERE wp.warehouse_id = :warehouse
            GROUP BY pr.category ORDER BY inventory_value DESC""")
                    .param("warehouse", "WH-03")
                    .build()),
            new Question(
                "How many days of supply do the 10 fastest movers at WH-03 have?",
                q(
                        p,
                        "wm.days-of-supply",
                        """
            WITH demand AS (
              SELECT sol.product_id, sum(sol.quantity) / 90.0 AS daily_demand
              FROM sales_order_line sol JOIN sales_order_header soh ON soh.order_id = sol.order_id
              WHERE soh.warehouse_id = :warehouse AND soh.order_date >= :since AND soh.status <> 'cancelled'
              GROUP BY sol.product_id)
            SELECT d.product_id, wp.quantity_on_hand, round(d.daily_demand, 2) AS daily_demand,
                   round(wp.quantity_on_hand / d.daily_demand, 1) AS days_of_supply
            FROM demand d JOIN warehouse_product wp ON wp.product_id = d.product_id AND wp.warehouse_id = :warehouse
            ORDER BY d.daily_demand DESC, d.product_id LIMIT 10""")
                    .param("warehouse", "WH-03")
                    .param("since", TODAY.minusDays(90))
                    .build())));
  }

  static Persona fieldEngineer() {
    String p = "Field Engineer";
    return new Persona(
        p,
        List.of(
            new Question(
                "Where can I get Pumps right now?",
                q(
                        p,
                        "fe.parts-availability",
                        """
            SELECT wp.warehouse_id, count(*) AS pump_models, sum(wp.quantity_on_hand) AS units_on_hand
            FROM warehouse_product wp JOIN product pr ON pr.product_id = wp.product_id
            WHERE pr.category = :category AND wp.quantity_on_hand > wp.safety_stock
            GROUP BY wp.warehouse_id ORDER BY units_on_hand DESC, wp.warehouse_id LIMIT 5""")
                    .param("category", "Pumps")
                    .build()),
            new Question(
                "Which orders in the North are still open after 14 days?",
                q(
                        p,
                        "fe.stuck-orders",
                        """
            SELECT soh.order_id, soh.order_date, soh.warehouse_id, count(*) AS lines, sum(sol.line_amount) AS amount
            FROM sales_order_header soh JOIN sales_order_line sol ON sol.order_id = soh.order_id
            WHERE soh.region = :region AND soh.status = 'open' AND soh.order_date <= :cutoff
            GROUP BY soh.order_id, soh.order_date, soh.warehouse_id
            ORDER BY soh.order_date, soh.order_id LIMIT 10""")
                    .param("region", "North")
                    .param("cutoff", TODAY.minusDays(14))
                    .build()),
            new Question(
                "What were the most shipped parts in the North in the last 30 days?",
                q(
                        p,
                        "fe.top-shipped",
                        """
            SELECT pr.product_name, pr.category, sum(sol.quantity) AS units
            FROM sales_order_line sol
            JOIN sales_order_header soh ON soh.order_id = sol.order_id
            JOIN product pr ON pr.product_id = sol.product_id
            WHERE soh.region = :region AND soh.status IN ('shipped', 'delivered') AND soh.order_date >= :since
            GROUP BY pr.product_name, pr.category ORDER BY units DESC, pr.product_name LIMIT 5""")
                    .param("region", "North")
                    .param("since", TODAY.minusDays(30))
                    .build())));
  }

  /**
   * The on-time rate and the average days late. Written for every engine: the CASE averages 1.0 and
   * 0.0 (an integer AVG truncates on Redshift: a rate of 0 or 100), and the days between two dates
   * are {@code a - b} on DuckDB, PostgreSQL and Redshift but {@code date_diff('day', b, a)} on
   * Athena, where {@code a - b} is an interval.
   */
  private static Question onTimeRate(String p) {
    String sql =
        """
        SELECT supplier_name, count(*) AS received_orders,
               round(100.0 * avg(CASE WHEN received_date <= expected_date THEN 1.0 ELSE 0.0 END), 1) AS on_time_pct,
               round(avg(1.0 * (%s)), 1) AS avg_days_late
        FROM purchase_order_header
        WHERE status = 'received' AND order_date >= :since
        GROUP BY supplier_name ORDER BY on_time_pct DESC, supplier_name""";
    LocalDate since = LocalDate.of(2026, 1, 1);
    return new Question(
        "How reliable is each supplier on delivery dates this year?",
        q(p, "ps.on-time-rate", sql.formatted("received_date - expected_date"))
            .param("since", since)
            .build(),
        q(p, "ps.on-time-rate", sql.formatted("date_diff('day', expected_date, received_date)"))
            .param("since", since)
            .build());
  }

  static Persona procurementSpecialist() {
    String p = "Procurement Specialist";
    return new Persona(
        p,
        List.of(
            onTimeRate(p),
            new Question(
                "How much is on order, not yet received, per supplier?",
                q(
                        p,
                        "ps.open-po-value",
                        """
            SELECT poh.supplier_name, count(DISTINCT poh.po_id) AS open_pos,
                   sum(pol.quantity * pol.unit_cost) AS open_value
            FROM purchase_order_header poh JOIN purchase_order_line pol ON pol.po_id = poh.po_id
            WHERE poh.status = :status
            GROUP BY poh.supplier_name ORDER BY open_value DESC""")
                    .param("status", "open")
                    .build()),
            new Question(
                "Which slow-to-source parts are short somewhere and should be reordered now?",
                q(
                        p,
                        "ps.reorder-suggestions",
                        """
            SELECT pr.product_id, pr.product_name, pr.supplier_name, pr.lead_time_days,
                   count(*) AS warehouses_short, sum(wp.reorder_point - wp.quantity_on_hand) AS units_short
            FROM product pr JOIN warehouse_product wp ON wp.product_id = pr.product_id
            WHERE pr.lead_time_days > :min_lead_days AND pr.is_active AND wp.quantity_on_hand < wp.reorder_point
            GROUP BY pr.product_id, pr.product_name, pr.supplier_name, pr.lead_time_days
            ORDER BY units_short DESC, pr.product_id LIMIT 10""")
                    .param("min_lead_days", 30)
                    .build())));
  }
}
