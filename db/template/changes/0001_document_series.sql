-- Template version 1: gapless numbering per document series, and the series of each order.
-- Expand only: a column with a constant default (no table rewrite), its index, a new table.
-- Code that runs on version 0 tenants does not read series_code, and inserts get the default.

ALTER TABLE orders ADD COLUMN series_code text NOT NULL DEFAULT 'SO';
CREATE INDEX orders_series_code_ordered_at_idx ON orders (series_code, ordered_at);

CREATE TABLE document_series (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  document_type text NOT NULL
    CHECK (document_type IN ('order', 'shipment', 'invoice', 'credit_note', 'purchase_order', 'goods_receipt', 'vendor_bill', 'payment')),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9-]{1,20}$'),
  prefix text NOT NULL DEFAULT '' CHECK (length(prefix) <= 20),
  next_number bigint NOT NULL DEFAULT 1 CHECK (next_number >= 1),
  padding smallint NOT NULL DEFAULT 6 CHECK (padding BETWEEN 1 AND 12),
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT document_series_code_key UNIQUE (document_type, code)
);
CREATE UNIQUE INDEX document_series_default_key ON document_series (document_type) WHERE is_default;
