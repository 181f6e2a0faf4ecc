-- Queries as the assistant runs them on Athena (Trino), each with the rules the checker must
-- report for Redshift (in text order) and, where every finding is safe, the full rewrite.

-- expect: date_add
SELECT COUNT(*) FROM shipments WHERE shipped_at > date_add('day', -7, current_timestamp);
-- rewrite: SELECT COUNT(*) FROM shipments WHERE shipped_at > DATEADD(day, -7, current_timestamp)

-- expect: date_diff
SELECT order_id, date_diff('hour', ordered_at, shipped_at) AS hours FROM orders;

-- expect: approx_distinct
SELECT warehouse_id, approx_distinct(sku) FROM picks GROUP BY warehouse_id;
-- rewrite: SELECT warehouse_id, APPROXIMATE COUNT(DISTINCT sku) FROM picks GROUP BY warehouse_id

-- expect: approx_percentile
SELECT approx_percentile(pick_seconds, 0.95) FROM picks;

-- expect: regexp_like
SELECT sku FROM product WHERE regexp_like(sku, '^WH-[0-9]+$');
-- rewrite: SELECT sku FROM product WHERE (sku ~ '^WH-[0-9]+$')

-- expect: date_format
SELECT date_format(ordered_at, '%Y-%m') AS month, SUM(total) FROM orders GROUP BY 1;

-- expect: try_cast
SELECT try_cast(quantity_text AS integer) AS quantity FROM staging_orders;

-- expect: arrays arrays
SELECT supplier_id, array_join(array_agg(sku), ',') FROM purchase_order_line GROUP BY supplier_id;

-- expect: unnest
SELECT o.order_id, t.tag FROM orders o CROSS JOIN UNNEST(o.tags) AS t(tag);

-- expect: from_unixtime
SELECT from_unixtime(event_epoch) AS at FROM tracking_events;
-- rewrite: SELECT (TIMESTAMP 'epoch' + (event_epoch) * INTERVAL '1 second') AS at FROM tracking_events

-- expect: to_unixtime
SELECT to_unixtime(shipped_at) FROM shipments;
-- rewrite: SELECT EXTRACT(EPOCH FROM shipped_at) FROM shipments

-- expect: json_extract_scalar
SELECT json_extract_scalar(payload, '$.carrier.name') AS carrier FROM tracking_events;
-- rewrite: SELECT JSON_EXTRACT_PATH_TEXT(payload, 'carrier', 'name') AS carrier FROM tracking_events

-- expect: type-name
SELECT CAST(total AS double) FROM orders;
-- rewrite: SELECT CAST(total AS DOUBLE PRECISION) FROM orders

-- expect: type-name
SELECT CAST(order_id AS varchar) || '-' || sku FROM orders;
-- rewrite: SELECT CAST(order_id AS VARCHAR(MAX)) || '-' || sku FROM orders

-- expect: arrays
SELECT order_id FROM orders WHERE cardinality(tags) > 2;

-- expect: backtick
SELECT `sku` FROM product;
-- rewrite: SELECT "sku" FROM product

-- Known answers with no finding.
-- expect: none
SELECT sku, strpos(sku, '-'), split_part(sku, '-', 1), length(sku) FROM product;

-- expect: none
SELECT date_trunc('month', ordered_at), COUNT(*) / 7 FROM orders GROUP BY 1;

-- expect: none
SELECT warehouse_id, COALESCE(SUM(quantity), 0) FROM shipments GROUP BY warehouse_id ORDER BY 2 DESC LIMIT 5;

-- expect: none
SELECT CAST(quantity AS integer), CAST(sku AS varchar(32)) FROM inventory;

-- Engine semantics: the same text, another answer.
-- expect: avg-integer
SELECT supplier_name, 100.0 * AVG(CASE WHEN received_date <= expected_date THEN 1 ELSE 0 END) AS on_time_pct FROM purchase_order_header GROUP BY supplier_name;
-- rewrite: SELECT supplier_name, 100.0 * AVG(CAST(CASE WHEN received_date <= expected_date THEN 1 ELSE 0 END AS DOUBLE PRECISION)) AS on_time_pct FROM purchase_order_header GROUP BY supplier_name

-- expect: none
SELECT supplier_name, AVG(CASE WHEN received_date <= expected_date THEN 1.0 ELSE 0.0 END) FROM purchase_order_header GROUP BY supplier_name;
