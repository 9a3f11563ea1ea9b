-- Analytics rollups and KPIs (docs/modules/analytics.md): sales per customer and day, and the
-- metric a KPI definition is evaluated by. Expand only: a new table and a nullable column.
-- Existing tenants get their rollups filled from their orders here (per customer, and per channel
-- in daily_sales for attributed orders), so the rules "customer sales equal …" and "channel sales
-- equal …" hold from the first moment; the KPI definitions the demo data names get their metric.

CREATE TABLE customer_sales_daily (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    sales_date date NOT NULL,
    customer_id uuid NOT NULL REFERENCES customers (id),
    orders_count integer NOT NULL DEFAULT 0 CHECK (orders_count >= 0),
    units_sold numeric(18,4) NOT NULL DEFAULT 0 CHECK (units_sold >= 0),
    gross_revenue numeric(18,4) NOT NULL DEFAULT 0 CHECK (gross_revenue >= 0),
    discounts numeric(18,4) NOT NULL DEFAULT 0 CHECK (discounts >= 0),
    net_revenue numeric(18,4) NOT NULL DEFAULT 0,
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (sales_date, customer_id),
    CONSTRAINT customer_sales_daily_net CHECK (net_revenue = gross_revenue - discounts)
);
CREATE INDEX customer_sales_daily_customer_id_idx ON customer_sales_daily (customer_id);
COMMENT ON CONSTRAINT customer_sales_daily_net ON customer_sales_daily IS 'net_revenue must equal gross_revenue less discounts.';

ALTER TABLE kpi_definitions ADD COLUMN metric text CHECK (metric IN ('net_revenue', 'orders_count', 'units_sold', 'average_order_value',
    'invoiced_revenue', 'cost_of_goods_sold', 'gross_margin', 'receivables_open', 'days_sales_outstanding',
    'inventory_value', 'stock_turn', 'payables_open'));

INSERT INTO customer_sales_daily (sales_date, customer_id, orders_count, units_sold, gross_revenue, discounts, net_revenue)
SELECT (o.ordered_at AT TIME ZONE 'UTC')::date, o.customer_id, count(DISTINCT o.id), sum(i.quantity), sum(i.quantity * i.unit_price),
  sum(i.discount_amount), sum(i.quantity * i.unit_price) - sum(i.discount_amount)
FROM orders o JOIN order_items i ON i.order_id = o.id
WHERE o.status <> 'cancelled'
GROUP BY 1, 2;

INSERT INTO daily_sales (sales_date, channel_id, orders_count, units_sold, gross_revenue, discounts, net_revenue)
SELECT (o.ordered_at AT TIME ZONE 'UTC')::date, a.channel_id, count(DISTINCT o.id), sum(i.quantity), sum(i.quantity * i.unit_price),
  sum(i.discount_amount), sum(i.quantity * i.unit_price) - sum(i.discount_amount)
FROM orders o JOIN order_items i ON i.order_id = o.id JOIN order_attributions a ON a.order_id = o.id
WHERE o.status <> 'cancelled'
GROUP BY 1, 2
ON CONFLICT (sales_date, channel_id) DO NOTHING;

UPDATE kpi_definitions SET metric = CASE code WHEN 'REVENUE' THEN 'net_revenue' WHEN 'ORDERS' THEN 'orders_count'
    WHEN 'AOV' THEN 'average_order_value' WHEN 'UNITS' THEN 'units_sold' END
WHERE metric IS NULL AND code IN ('REVENUE', 'ORDERS', 'AOV', 'UNITS');
