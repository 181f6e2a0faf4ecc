CREATE TABLE product (product_id INTEGER, product_name VARCHAR(100), category VARCHAR(40), unit_price DECIMAL(10,2),
  unit_cost DECIMAL(10,2), supplier_name VARCHAR(60), lead_time_days INTEGER, is_active BOOLEAN);
CREATE TABLE warehouse_product (warehouse_id VARCHAR(10), product_id INTEGER, quantity_on_hand INTEGER,
  reorder_point INTEGER, safety_stock INTEGER, last_counted DATE);
CREATE TABLE sales_order_header (order_id BIGINT, customer_id INTEGER, order_date DATE, warehouse_id VARCHAR(10),
  status VARCHAR(20), region VARCHAR(20));
CREATE TABLE sales_order_line (order_id BIGINT, line_number INTEGER, product_id INTEGER, quantity INTEGER,
  unit_price DECIMAL(10,2), line_amount DECIMAL(12,2));
CREATE TABLE purchase_order_header (po_id BIGINT, supplier_name VARCHAR(60), order_date DATE, expected_date DATE,
  received_date DATE, status VARCHAR(20), warehouse_id VARCHAR(10));
CREATE TABLE purchase_order_line (po_id BIGINT, line_number INTEGER, product_id INTEGER, quantity INTEGER,
  unit_cost DECIMAL(10,2));
CREATE TABLE customer (customer_id INTEGER, region VARCHAR(20), segment VARCHAR(20), email VARCHAR(100),
  credit_limit DECIMAL(12,2));
CREATE TABLE app_users (username VARCHAR(40), password_hash VARCHAR(100));
INSERT INTO product VALUES (1, 'Part-000001 Pumps', 'Pumps', 120.00, 70.00, 'Acme Industrial', 35, TRUE),
  (2, 'Part-000002 Valves', 'Valves', 40.00, 22.50, 'Borealis Parts', 12, TRUE),
  (3, 'Part-000003 Filters', 'Filters', 15.00, 9.00, 'Cobalt Supply', 50, FALSE);
INSERT INTO warehouse_product VALUES ('WH-03', 1, 5, 40, 10, DATE '2026-09-01'), ('WH-03', 2, 300, 30, 10, DATE '2026-09-02'),
  ('WH-01', 1, 200, 30, 10, DATE '2026-09-03');
INSERT INTO sales_order_header VALUES (1, 1, DATE '2026-01-15', 'WH-03', 'open', 'North'),
  (2, 2, DATE '2026-02-20', 'WH-01', 'delivered', 'South'), (3, 1, DATE '2026-03-05', 'WH-03', 'cancelled', 'North');
INSERT INTO sales_order_line VALUES (1, 1, 1, 4, 120.00, 480.00), (1, 2, 2, 20, 40.00, 800.00), (2, 1, 2, 1, 40.00, 40.00);
INSERT INTO purchase_order_header VALUES (10, 'Acme Industrial', DATE '2026-01-02', DATE '2026-01-20', DATE '2026-01-25', 'received', 'WH-03'),
  (11, 'Borealis Parts', DATE '2026-02-02', DATE '2026-02-20', NULL, 'open', 'WH-01');
INSERT INTO purchase_order_line VALUES (10, 1, 1, 50, 70.00), (11, 1, 2, 100, 22.50);
INSERT INTO customer VALUES (1, 'North', 'Utilities', 'ops@example.com', 50000.00), (2, 'South', 'Mining', 'buy@example.com', 90000.00);
INSERT INTO app_users VALUES ('admin', '$2a$12$notarealhash');
