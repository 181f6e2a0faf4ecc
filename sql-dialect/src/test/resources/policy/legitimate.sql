-- Analytical questions of the supply-chain assistant's personas as a model writes them: each must
-- be accepted and, when it already carries a LIMIT within the policy's, run unchanged. Written in
-- the SQL that DuckDB, PostgreSQL (Redshift) and Trino (Athena) share. A case runs to the next marker.

-- case: below-reorder
SELECT wp.product_id, pr.product_name, wp.quantity_on_hand, wp.reorder_point,
       wp.reorder_point - wp.quantity_on_hand AS shortfall
FROM warehouse_product wp JOIN product pr ON pr.product_id = wp.product_id
WHERE wp.warehouse_id = 'WH-03' AND wp.quantity_on_hand < wp.reorder_point AND pr.is_active
ORDER BY shortfall DESC, wp.product_id
LIMIT 10

-- case: inventory-value
SELECT pr.category, count(*) AS products, sum(wp.quantity_on_hand) AS units,
       sum(wp.quantity_on_hand * pr.unit_cost) AS inventory_value
FROM warehouse_product wp JOIN product pr ON pr.product_id = wp.product_id
WHERE wp.warehouse_id = 'WH-03'
GROUP BY pr.category ORDER BY inventory_value DESC
LIMIT 20

-- case: open-orders-by-region
SELECT region, count(*) AS open_orders FROM sales_order_header WHERE status = 'open' GROUP BY region ORDER BY region LIMIT 10

-- case: top-products-by-revenue
SELECT sol.product_id, sum(sol.line_amount) AS revenue
FROM sales_order_line sol GROUP BY sol.product_id ORDER BY revenue DESC, sol.product_id LIMIT 10

-- case: cte-demand
WITH demand AS (
  SELECT sol.product_id, sum(sol.quantity) / 90.0 AS daily_demand
  FROM sales_order_line sol JOIN sales_order_header soh ON soh.order_id = sol.order_id
  WHERE soh.status <> 'cancelled'
  GROUP BY sol.product_id)
SELECT d.product_id, round(d.daily_demand, 2) AS daily_demand
FROM demand d ORDER BY d.daily_demand DESC, d.product_id LIMIT 10

-- case: two-ctes
WITH sold AS (SELECT product_id, sum(quantity) AS units FROM sales_order_line GROUP BY product_id),
     bought AS (SELECT product_id, sum(quantity) AS units FROM purchase_order_line GROUP BY product_id)
SELECT s.product_id, s.units AS sold, coalesce(b.units, 0) AS bought
FROM sold s LEFT JOIN bought b ON b.product_id = s.product_id
ORDER BY s.units DESC, s.product_id LIMIT 10

-- case: window-rank
SELECT warehouse_id, product_id, quantity_on_hand,
       rank() OVER (PARTITION BY warehouse_id ORDER BY quantity_on_hand DESC) AS stock_rank
FROM warehouse_product ORDER BY warehouse_id, stock_rank, product_id LIMIT 50

-- case: window-running-total
SELECT order_date, count(*) AS orders, sum(count(*)) OVER (ORDER BY order_date) AS running_orders
FROM sales_order_header GROUP BY order_date ORDER BY order_date LIMIT 100

-- case: case-buckets
SELECT CASE WHEN quantity_on_hand = 0 THEN 'empty' WHEN quantity_on_hand < reorder_point THEN 'low' ELSE 'ok' END AS stock_state,
       count(*) AS items
FROM warehouse_product GROUP BY 1 ORDER BY 1 LIMIT 10

-- case: exists-subquery
SELECT pr.product_id, pr.product_name FROM product pr
WHERE EXISTS (SELECT 1 FROM purchase_order_line pol WHERE pol.product_id = pr.product_id)
ORDER BY pr.product_id LIMIT 20

-- case: not-exists
SELECT pr.product_id FROM product pr
WHERE NOT EXISTS (SELECT 1 FROM sales_order_line sol WHERE sol.product_id = pr.product_id)
ORDER BY pr.product_id LIMIT 20

-- case: in-subquery
SELECT order_id, order_date FROM sales_order_header
WHERE order_id IN (SELECT order_id FROM sales_order_line WHERE quantity > 15)
ORDER BY order_id LIMIT 20

-- case: scalar-subquery
SELECT product_id, unit_price, (SELECT avg(unit_price) FROM product) AS average_price
FROM product WHERE unit_price > (SELECT avg(unit_price) FROM product) ORDER BY product_id LIMIT 20

-- case: derived-table
SELECT t.category, t.products FROM (SELECT category, count(*) AS products FROM product GROUP BY category) t
WHERE t.products > 0 ORDER BY t.category LIMIT 20

-- case: union
SELECT 'sales' AS source, count(*) AS orders FROM sales_order_header
UNION ALL
SELECT 'purchases' AS source, count(*) AS orders FROM purchase_order_header
ORDER BY source LIMIT 10

-- case: having
SELECT supplier_name, count(*) AS pos FROM purchase_order_header GROUP BY supplier_name HAVING count(*) > 0
ORDER BY pos DESC, supplier_name LIMIT 10

-- case: distinct
SELECT DISTINCT category FROM product ORDER BY category LIMIT 20

-- case: count-distinct
SELECT warehouse_id, count(DISTINCT product_id) AS products FROM warehouse_product GROUP BY warehouse_id ORDER BY warehouse_id LIMIT 50

-- case: coalesce-nullif
SELECT po_id, coalesce(received_date, expected_date) AS best_date, nullif(status, 'open') AS closed_status
FROM purchase_order_header ORDER BY po_id LIMIT 20

-- case: string-functions
SELECT lower(category) AS category, upper(supplier_name) AS supplier, length(product_name) AS name_length
FROM product ORDER BY product_id LIMIT 20

-- case: like
SELECT product_id, product_name FROM product WHERE product_name LIKE 'Part-0000%' ORDER BY product_id LIMIT 20

-- case: between-dates
SELECT order_id FROM sales_order_header WHERE order_date BETWEEN DATE '2026-01-01' AND DATE '2026-03-31'
ORDER BY order_id LIMIT 20

-- case: extract-month
SELECT extract(month FROM order_date) AS month, count(*) AS orders FROM sales_order_header
GROUP BY extract(month FROM order_date) ORDER BY month LIMIT 12

-- case: date-trunc
SELECT date_trunc('month', order_date) AS month, count(*) AS orders FROM sales_order_header
GROUP BY date_trunc('month', order_date) ORDER BY month LIMIT 12

-- case: cast
SELECT CAST(product_id AS VARCHAR) AS product_code, CAST(unit_price AS DOUBLE PRECISION) AS price FROM product ORDER BY product_id LIMIT 20

-- case: arithmetic
SELECT product_id, unit_price - unit_cost AS margin, round((unit_price - unit_cost) / unit_price * 100, 1) AS margin_pct
FROM product WHERE unit_price > 0 ORDER BY margin_pct DESC, product_id LIMIT 20

-- case: left-join-null
SELECT pr.product_id FROM product pr LEFT JOIN warehouse_product wp ON wp.product_id = pr.product_id
WHERE wp.product_id IS NULL ORDER BY pr.product_id LIMIT 20

-- case: three-way-join
SELECT soh.region, pr.category, sum(sol.line_amount) AS revenue
FROM sales_order_header soh
JOIN sales_order_line sol ON sol.order_id = soh.order_id
JOIN product pr ON pr.product_id = sol.product_id
GROUP BY soh.region, pr.category ORDER BY soh.region, revenue DESC LIMIT 50

-- case: self-join
SELECT a.warehouse_id AS from_wh, b.warehouse_id AS to_wh, a.product_id
FROM warehouse_product a JOIN warehouse_product b ON a.product_id = b.product_id AND a.warehouse_id < b.warehouse_id
WHERE a.quantity_on_hand > a.reorder_point AND b.quantity_on_hand < b.reorder_point
ORDER BY a.product_id, a.warehouse_id, b.warehouse_id LIMIT 20

-- case: customer-allowed-columns
SELECT c.region, c.segment, count(*) AS customers FROM customer c GROUP BY c.region, c.segment ORDER BY c.region, c.segment LIMIT 20

-- case: customer-join
SELECT c.segment, count(DISTINCT soh.order_id) AS orders
FROM customer c JOIN sales_order_header soh ON soh.customer_id = c.customer_id
GROUP BY c.segment ORDER BY c.segment LIMIT 10

-- case: customer-unqualified
SELECT region, count(*) AS customers FROM customer GROUP BY region ORDER BY customers DESC, region LIMIT 10

-- case: customer-alias-order
SELECT segment AS customer_segment, count(*) AS n FROM customer GROUP BY segment ORDER BY customer_segment LIMIT 10

-- case: quoted-identifiers
SELECT "product_id", "category" FROM "product" ORDER BY "product_id" LIMIT 5

-- case: comment-mentions-forbidden
-- never read information_schema or pg_user here
SELECT product_id /* not DROP TABLE */ FROM product ORDER BY product_id LIMIT 5

-- case: string-mentions-forbidden
SELECT product_id FROM product WHERE product_name <> 'DROP TABLE customer; SELECT * FROM pg_user' ORDER BY product_id LIMIT 5

-- case: column-named-like-function
SELECT product_id, lead_time_days AS version FROM product ORDER BY product_id LIMIT 5

-- case: percent-of-total
SELECT category, count(*) * 100.0 / (SELECT count(*) FROM product) AS share_pct FROM product GROUP BY category ORDER BY category LIMIT 20

-- case: nested-derived
SELECT region, avg(lines) AS average_lines FROM (
  SELECT soh.region, soh.order_id, count(*) AS lines
  FROM sales_order_header soh JOIN sales_order_line sol ON sol.order_id = soh.order_id
  GROUP BY soh.region, soh.order_id) per_order
GROUP BY region ORDER BY region LIMIT 10

-- case: min-max
SELECT min(order_date) AS first_order, max(order_date) AS last_order FROM sales_order_header LIMIT 1

-- case: in-list
SELECT product_id, category FROM product WHERE category IN ('Pumps', 'Valves') ORDER BY product_id LIMIT 20

-- case: is-not-null
SELECT count(*) AS received FROM purchase_order_header WHERE received_date IS NOT NULL LIMIT 1

-- case: offset
SELECT product_id FROM product ORDER BY product_id LIMIT 10 OFFSET 10

-- case: boolean-filter
SELECT count(*) AS inactive FROM product WHERE NOT is_active LIMIT 1

-- case: semicolon-at-end
SELECT count(*) AS products FROM product LIMIT 1;

-- case: cte-named-like-a-table
WITH product AS (SELECT product_id, category FROM product WHERE is_active) SELECT category, count(*) AS n FROM product GROUP BY category ORDER BY category LIMIT 20
