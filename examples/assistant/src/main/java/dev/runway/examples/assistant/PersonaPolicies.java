package dev.runway.examples.assistant;

import dev.runway.sql.SqlPolicy;
import java.util.List;
import java.util.Map;

/**
 * What each persona's agent may read: the tables (and, for the field engineer, the columns of
 * {@code product} without prices and suppliers) of its job, one SELECT at a time, at most {@link
 * #MAX_ROWS} rows. Named questions and model-written SQL alike are held to it.
 */
public final class PersonaPolicies {

  /** The most rows an answer carries. */
  public static final int MAX_ROWS = 200;

  private static final Map<String, SqlPolicy> POLICIES =
      Map.of(
          "Warehouse Manager",
              SqlPolicy.builder()
                  .allowTables(
                      "product", "warehouse_product", "sales_order_header", "sales_order_line")
                  .maxRows(MAX_ROWS)
                  .build(),
          "Field Engineer",
              SqlPolicy.builder()
                  .allowTables("warehouse_product", "sales_order_header", "sales_order_line")
                  .allowColumns(
                      "product",
                      "product_id",
                      "product_name",
                      "category",
                      "lead_time_days",
                      "is_active")
                  .maxRows(MAX_ROWS)
                  .build(),
          "Procurement Specialist",
              SqlPolicy.builder()
                  .allowTables(
                      "product",
                      "warehouse_product",
                      "purchase_order_header",
                      "purchase_order_line")
                  .maxRows(MAX_ROWS)
                  .build());

  private static final Map<String, String> ROLES =
      Map.of(
          "Warehouse Manager",
              "You help a warehouse manager keep stock healthy: levels against reorder points, "
                  + "inventory value, days of supply, demand from sales orders.",
          "Field Engineer",
              "You help a field engineer find parts: where a part is in stock, orders that are stuck, "
                  + "what ships most. You never see prices or suppliers.",
          "Procurement Specialist",
              "You help a procurement specialist buy well: supplier reliability, open purchase "
                  + "orders, what to reorder given lead times.");

  private PersonaPolicies() {}

  /** Returns the persona's policy. */
  public static SqlPolicy policy(String persona) {
    SqlPolicy p = POLICIES.get(persona);
    if (p == null) {
      throw new IllegalArgumentException("unknown persona '" + persona + "'; one of " + personas());
    }
    return p;
  }

  /** Returns the persona's role, as its agent is told. */
  public static String role(String persona) {
    return ROLES.getOrDefault(persona, "");
  }

  /** Returns the personas, in the order of {@link PersonaQueries#all()}. */
  public static List<String> personas() {
    return PersonaQueries.all().stream().map(PersonaQueries.Persona::name).toList();
  }
}
