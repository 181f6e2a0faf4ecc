-- Queries as the supply-chain assistant runs them on Redshift, each with the rules the checker
-- must report for Athena (in text order) and, where every finding is safe, the full rewrite.

-- expect: getdate
SELECT order_id, status FROM orders WHERE created_at > GETDATE();

-- expect: dateadd getdate
SELECT warehouse_id, SUM(quantity) AS units
FROM shipments
WHERE shipped_at >= DATEADD(day, -7, GETDATE())
GROUP BY warehouse_id;
-- rewrite: SELECT warehouse_id, SUM(quantity) AS units
-- rewrite: FROM shipments
-- rewrite: WHERE shipped_at >= date_add('day', -7, localtimestamp)
-- rewrite: GROUP BY warehouse_id

-- expect: nvl
SELECT sku, NVL(on_hand, 0) AS on_hand FROM inventory;
-- rewrite: SELECT sku, coalesce(on_hand, 0) AS on_hand FROM inventory

-- expect: nvl2
SELECT po_id, NVL2(received_at, 'received', 'open') AS state FROM purchase_order_line;
-- rewrite: SELECT po_id, CASE WHEN received_at IS NOT NULL THEN 'received' ELSE 'open' END AS state FROM purchase_order_line

-- expect: datediff
SELECT order_id, DATEDIFF(day, ordered_at, delivered_at) AS lead_days FROM orders;

-- expect: listagg
SELECT supplier_id, LISTAGG(sku, ', ') WITHIN GROUP (ORDER BY sku) AS skus
FROM purchase_order_line GROUP BY supplier_id;

-- expect: cast-operator
SELECT order_id, total::decimal(12,2) AS total FROM orders;
-- rewrite: SELECT order_id, CAST(total AS decimal(12,2)) AS total FROM orders

-- expect: cast-operator cast-operator
SELECT o.order_id::varchar, o.quantity::int8 FROM orders o;
-- rewrite: SELECT CAST(o.order_id AS varchar), CAST(o.quantity AS bigint) FROM orders o

-- expect: top
SELECT TOP 10 sku, on_hand FROM inventory ORDER BY on_hand DESC;
-- rewrite: SELECT sku, on_hand FROM inventory ORDER BY on_hand DESC
-- rewrite: LIMIT 10

-- expect: ilike
SELECT supplier_id, name FROM suppliers WHERE name ILIKE '%logistics%';
-- rewrite: SELECT supplier_id, name FROM suppliers WHERE lower(name) LIKE lower('%logistics%')

-- expect: len charindex
SELECT sku, LEN(description) AS n, CHARINDEX('-', sku) AS dash FROM product;
-- rewrite: SELECT sku, length(description) AS n, strpos(sku, '-') AS dash FROM product

-- expect: convert_timezone
SELECT order_id, CONVERT_TIMEZONE('UTC', 'America/Chicago', created_at) AS local_time FROM orders;

-- expect: date_part
SELECT DATE_PART('month', shipped_at) AS m, COUNT(*) FROM shipments GROUP BY 1;
-- rewrite: SELECT extract(month FROM shipped_at) AS m, COUNT(*) FROM shipments GROUP BY 1

-- expect: date_part
SELECT DATE_PART(dow, shipped_at) AS weekday, COUNT(*) FROM shipments GROUP BY 1;

-- expect: median
SELECT warehouse_id, MEDIAN(pick_seconds) FROM picks GROUP BY warehouse_id;

-- expect: sysdate
SELECT COUNT(*) FROM orders WHERE promised_at < SYSDATE;
-- rewrite: SELECT COUNT(*) FROM orders WHERE promised_at < localtimestamp

-- expect: regex-operator
SELECT sku FROM product WHERE sku ~ '^WH-[0-9]+$';
-- rewrite: SELECT sku FROM product WHERE regexp_like(sku, '^WH-[0-9]+$')

-- expect: decode
SELECT order_id, DECODE(priority, 1, 'high', 2, 'normal', 'low') AS p FROM orders;

-- expect: cast-operator date-integer-arithmetic
SELECT COUNT(*) FROM shipments WHERE shipped_at::date > CURRENT_DATE - 30;
-- rewrite: SELECT COUNT(*) FROM shipments WHERE CAST(shipped_at AS date) > CURRENT_DATE - INTERVAL '30' DAY

-- expect: add_months
SELECT contract_id, ADD_MONTHS(starts_on, 12) AS renews_on FROM supplier_contracts;

-- expect: to_char
SELECT TO_CHAR(ordered_at, 'YYYY-MM') AS month, SUM(total) FROM orders GROUP BY 1;

-- expect: backtick
SELECT `order id` FROM orders;
-- rewrite: SELECT "order id" FROM orders

-- expect: type-name
SELECT CAST(quantity AS int4) FROM orders;
-- rewrite: SELECT CAST(quantity AS integer) FROM orders

-- expect: nvl getdate
SELECT NVL(MAX(shipped_at), GETDATE()) FROM shipments;
-- rewrite: SELECT coalesce(MAX(shipped_at), localtimestamp) FROM shipments

-- Known answers with no finding: both engines do these alike.
-- expect: none
SELECT warehouse_id, SUM(quantity) / COUNT(*) AS avg_units FROM shipments GROUP BY warehouse_id;

-- expect: none
SELECT date_trunc('week', shipped_at) AS week, COUNT(*) FROM shipments GROUP BY 1 ORDER BY 1;

-- expect: none
SELECT sku, COALESCE(on_hand, 0) FROM inventory WHERE sku LIKE 'WH-%' LIMIT 20 OFFSET 40;

-- expect: none
SELECT 'NVL(a, b) and GETDATE() in a string' AS note, "len" FROM t -- NVL(x) in a comment
;

-- Engine semantics: the same text, another answer.
-- expect: date-subtraction
SELECT supplier_name, AVG(received_date - expected_date) AS avg_days_late FROM purchase_order_header GROUP BY supplier_name;

-- expect: date-subtraction
SELECT order_id FROM orders WHERE CURRENT_DATE - shipped_on > 14;

-- expect: none
SELECT order_id, quantity - returned FROM orders;
