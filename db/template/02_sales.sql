-- Sales: customers and their addresses, quotes, carts, orders, shipments, returns, payments
-- and refunds, discounts and coupons, loyalty and gift cards.
-- Warehouses are defined later (03_inventory), which links shipments to them.

CREATE TABLE customer_groups (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  price_list_id uuid REFERENCES price_lists (id),
  discount_percent numeric(7,4) NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 100),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT customer_groups_code_key UNIQUE (code)
);
CREATE INDEX customer_groups_price_list_id_idx ON customer_groups (price_list_id);

CREATE TABLE customers (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  customer_number text NOT NULL CHECK (length(customer_number) BETWEEN 1 AND 40),
  type text NOT NULL DEFAULT 'individual' CHECK (type IN ('individual', 'business')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  company_name text,
  email text CHECK (email = lower(email) AND email LIKE '%_@_%'),
  phone text,
  tax_number text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'blocked')),
  credit_limit numeric(18,4) NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  payment_terms_days integer NOT NULL DEFAULT 0 CHECK (payment_terms_days BETWEEN 0 AND 365),
  price_list_id uuid REFERENCES price_lists (id),
  tax_exempt boolean NOT NULL DEFAULT false,
  marketing_opt_in boolean NOT NULL DEFAULT false,
  assigned_to uuid REFERENCES users (id),
  notes text,
  attributes jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT customers_customer_number_key UNIQUE (customer_number),
  CONSTRAINT customers_email_key UNIQUE (email)
);
CREATE INDEX customers_price_list_id_idx ON customers (price_list_id);
CREATE INDEX customers_assigned_to_idx ON customers (assigned_to);
CREATE INDEX customers_created_by_idx ON customers (created_by);

CREATE TABLE customer_addresses (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  kind text NOT NULL DEFAULT 'billing' CHECK (kind IN ('billing', 'shipping')),
  label text,
  recipient_name text CHECK (length(recipient_name) BETWEEN 1 AND 200),
  company text,
  line1 text NOT NULL CHECK (length(line1) BETWEEN 1 AND 200),
  line2 text,
  city text NOT NULL CHECK (length(city) BETWEEN 1 AND 200),
  region text,
  postal_code text,
  country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  phone text,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_addresses_customer_id_idx ON customer_addresses (customer_id);
-- At most one default billing and one default shipping address per customer.
CREATE UNIQUE INDEX customer_addresses_one_default_idx ON customer_addresses (customer_id, kind) WHERE is_default;

CREATE TABLE customer_contacts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  job_title text,
  email text CHECK (email LIKE '%_@_%'),
  phone text,
  role text NOT NULL DEFAULT 'general'
    CHECK (role IN ('general', 'billing', 'purchasing', 'shipping', 'technical')),
  is_primary boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_contacts_customer_id_idx ON customer_contacts (customer_id);

CREATE TABLE customer_group_members (
  customer_group_id uuid NOT NULL REFERENCES customer_groups (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_group_id, customer_id)
);
CREATE INDEX customer_group_members_customer_id_idx ON customer_group_members (customer_id);

CREATE TABLE shipping_methods (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  carrier text,
  service_level text,
  base_rate numeric(18,4) NOT NULL DEFAULT 0 CHECK (base_rate >= 0),
  free_over_amount numeric(18,4) CHECK (free_over_amount >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  estimated_days_min integer CHECK (estimated_days_min >= 0),
  estimated_days_max integer CHECK (estimated_days_max >= 0),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT shipping_methods_code_key UNIQUE (code),
  CONSTRAINT shipping_methods_days_order CHECK (estimated_days_max IS NULL OR estimated_days_min IS NULL OR estimated_days_max >= estimated_days_min)
);

-- Promotion rules. A discount applies automatically, or through one of its coupons.
CREATE TABLE discounts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  kind text NOT NULL DEFAULT 'percentage'
    CHECK (kind IN ('percentage', 'fixed_amount', 'free_shipping', 'buy_x_get_y')),
  applies_to text NOT NULL DEFAULT 'order' CHECK (applies_to IN ('order', 'products', 'categories', 'shipping')),
  percent numeric(7,4) CHECK (percent BETWEEN 0 AND 100),
  amount numeric(18,4) CHECK (amount >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  min_order_amount numeric(18,4) CHECK (min_order_amount >= 0),
  max_discount_amount numeric(18,4) CHECK (max_discount_amount >= 0),
  requires_coupon boolean NOT NULL DEFAULT false,
  is_stackable boolean NOT NULL DEFAULT false,
  usage_limit integer CHECK (usage_limit > 0),
  usage_count integer NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
  starts_at timestamptz,
  ends_at timestamptz,
  rules jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'expired', 'archived')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT discounts_code_key UNIQUE (code),
  CONSTRAINT discounts_period CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at),
  CONSTRAINT discounts_value CHECK (
    (kind = 'percentage' AND percent IS NOT NULL)
    OR (kind = 'fixed_amount' AND amount IS NOT NULL)
    OR kind IN ('free_shipping', 'buy_x_get_y')
  ),
  CONSTRAINT discounts_usage CHECK (usage_limit IS NULL OR usage_count <= usage_limit)
);
CREATE INDEX discounts_created_by_idx ON discounts (created_by);

-- Products a discount is limited to (applies_to = 'products').
CREATE TABLE discount_products (
  discount_id uuid NOT NULL REFERENCES discounts (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (discount_id, product_id)
);
CREATE INDEX discount_products_product_id_idx ON discount_products (product_id);

-- Categories a discount is limited to (applies_to = 'categories').
CREATE TABLE discount_categories (
  discount_id uuid NOT NULL REFERENCES discounts (id) ON DELETE CASCADE,
  category_id uuid NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (discount_id, category_id)
);
CREATE INDEX discount_categories_category_id_idx ON discount_categories (category_id);

CREATE TABLE coupons (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  discount_id uuid NOT NULL REFERENCES discounts (id),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9_-]{3,40}$'),
  customer_id uuid REFERENCES customers (id),
  usage_limit integer CHECK (usage_limit > 0),
  usage_limit_per_customer integer CHECK (usage_limit_per_customer > 0),
  times_used integer NOT NULL DEFAULT 0 CHECK (times_used >= 0),
  starts_at timestamptz,
  ends_at timestamptz,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'exhausted', 'expired')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT coupons_code_key UNIQUE (code),
  CONSTRAINT coupons_period CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at),
  CONSTRAINT coupons_usage CHECK (usage_limit IS NULL OR times_used <= usage_limit)
);
CREATE INDEX coupons_discount_id_idx ON coupons (discount_id);
CREATE INDEX coupons_customer_id_idx ON coupons (customer_id);

CREATE TABLE quotes (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  quote_number text NOT NULL CHECK (length(quote_number) BETWEEN 1 AND 40),
  customer_id uuid NOT NULL REFERENCES customers (id),
  billing_address_id uuid REFERENCES customer_addresses (id),
  shipping_address_id uuid REFERENCES customer_addresses (id),
  price_list_id uuid REFERENCES price_lists (id),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'sent', 'accepted', 'rejected', 'expired', 'converted', 'cancelled')),
  issued_at timestamptz,
  valid_until timestamptz,
  accepted_at timestamptz,
  rejected_at timestamptz,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  subtotal numeric(18,4) NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
  discount_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (discount_total >= 0),
  tax_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_total >= 0),
  shipping_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (shipping_total >= 0),
  grand_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (grand_total >= 0),
  terms text,
  notes text,
  assigned_to uuid REFERENCES users (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT quotes_quote_number_key UNIQUE (quote_number),
  CONSTRAINT quotes_totals CHECK (grand_total = subtotal - discount_total + tax_total + shipping_total),
  CONSTRAINT quotes_valid_until_order CHECK (valid_until IS NULL OR issued_at IS NULL OR valid_until >= issued_at),
  CONSTRAINT quotes_accepted_order CHECK (accepted_at IS NULL OR issued_at IS NULL OR accepted_at >= issued_at),
  CONSTRAINT quotes_rejected_order CHECK (rejected_at IS NULL OR issued_at IS NULL OR rejected_at >= issued_at)
);
CREATE INDEX quotes_customer_id_idx ON quotes (customer_id);
CREATE INDEX quotes_billing_address_id_idx ON quotes (billing_address_id);
CREATE INDEX quotes_shipping_address_id_idx ON quotes (shipping_address_id);
CREATE INDEX quotes_price_list_id_idx ON quotes (price_list_id);
CREATE INDEX quotes_assigned_to_idx ON quotes (assigned_to);
CREATE INDEX quotes_created_by_idx ON quotes (created_by);

CREATE TABLE quote_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  quote_id uuid NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  tax_rate_id uuid REFERENCES tax_rates (id),
  sku text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  unit_price numeric(18,4) NOT NULL CHECK (unit_price >= 0),
  discount_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
  tax_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
  line_total numeric(18,4) NOT NULL CHECK (line_total >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT quote_items_line_total CHECK (line_total = quantity * unit_price - discount_amount + tax_amount)
);
CREATE INDEX quote_items_quote_id_idx ON quote_items (quote_id);
CREATE INDEX quote_items_product_id_idx ON quote_items (product_id);
CREATE INDEX quote_items_product_variant_id_idx ON quote_items (product_variant_id);
CREATE INDEX quote_items_tax_rate_id_idx ON quote_items (tax_rate_id);

-- Shopping carts; anonymous carts are found by session_token until a customer is known.
CREATE TABLE carts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  customer_id uuid REFERENCES customers (id),
  session_token text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'converted', 'abandoned', 'expired')),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  coupon_id uuid REFERENCES coupons (id),
  expires_at timestamptz,
  abandoned_at timestamptz,
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT carts_session_token_key UNIQUE (session_token),
  CONSTRAINT carts_owner CHECK (customer_id IS NOT NULL OR session_token IS NOT NULL)
);
CREATE INDEX carts_customer_id_idx ON carts (customer_id);
CREATE INDEX carts_coupon_id_idx ON carts (coupon_id);

CREATE TABLE cart_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  cart_id uuid NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  unit_price numeric(18,4) NOT NULL CHECK (unit_price >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT cart_items_line_key UNIQUE NULLS NOT DISTINCT (cart_id, product_id, product_variant_id)
);
CREATE INDEX cart_items_product_id_idx ON cart_items (product_id);
CREATE INDEX cart_items_product_variant_id_idx ON cart_items (product_variant_id);

-- Gapless document numbers: one counter row per series, locked (SELECT … FOR UPDATE) in the
-- transaction of the document that takes the next number. (Template version 1.)
CREATE TABLE document_series (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  document_type text NOT NULL
    CHECK (document_type IN ('order', 'shipment', 'invoice', 'credit_note', 'purchase_order', 'goods_receipt', 'vendor_bill', 'payment', 'journal', 'receipt',
      'stock_count', 'stock_transfer', 'debit_note', 'commission_payout')),
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

CREATE TABLE orders (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  order_number text NOT NULL CHECK (length(order_number) BETWEEN 1 AND 40),
  customer_id uuid NOT NULL REFERENCES customers (id),
  quote_id uuid REFERENCES quotes (id),
  cart_id uuid REFERENCES carts (id),
  price_list_id uuid REFERENCES price_lists (id),
  shipping_method_id uuid REFERENCES shipping_methods (id),
  billing_address_id uuid REFERENCES customer_addresses (id),
  shipping_address_id uuid REFERENCES customer_addresses (id),
  source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'web', 'pos', 'phone', 'email', 'marketplace', 'api')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'confirmed', 'partially_shipped', 'shipped', 'delivered', 'cancelled')),
  payment_status text NOT NULL DEFAULT 'unpaid'
    CHECK (payment_status IN ('unpaid', 'partially_paid', 'paid', 'partially_refunded', 'refunded')),
  ordered_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  shipped_at timestamptz,
  delivered_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  subtotal numeric(18,4) NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
  discount_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (discount_total >= 0),
  tax_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_total >= 0),
  shipping_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (shipping_total >= 0),
  grand_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (grand_total >= 0),
  customer_note text,
  attributes jsonb NOT NULL DEFAULT '{}',
  assigned_to uuid REFERENCES users (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The document_series code the order number was drawn from (template version 1).
  series_code text NOT NULL DEFAULT 'SO',
  CONSTRAINT orders_order_number_key UNIQUE (order_number),
  CONSTRAINT orders_totals CHECK (grand_total = subtotal - discount_total + tax_total + shipping_total),
  CONSTRAINT orders_confirmed_order CHECK (confirmed_at IS NULL OR confirmed_at >= ordered_at),
  CONSTRAINT orders_shipped_order CHECK (shipped_at IS NULL OR shipped_at >= ordered_at),
  CONSTRAINT orders_delivered_order CHECK (
    delivered_at IS NULL OR (delivered_at >= ordered_at AND (shipped_at IS NULL OR delivered_at >= shipped_at))
  ),
  CONSTRAINT orders_cancelled_order CHECK (cancelled_at IS NULL OR cancelled_at >= ordered_at),
  CONSTRAINT orders_status_dates CHECK (
    (status <> 'confirmed' OR confirmed_at IS NOT NULL)
    AND (status NOT IN ('shipped', 'delivered') OR shipped_at IS NOT NULL)
    AND (status <> 'delivered' OR delivered_at IS NOT NULL)
    AND (status <> 'cancelled' OR cancelled_at IS NOT NULL)
  )
);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX orders_quote_id_idx ON orders (quote_id);
CREATE INDEX orders_cart_id_idx ON orders (cart_id);
CREATE INDEX orders_price_list_id_idx ON orders (price_list_id);
CREATE INDEX orders_shipping_method_id_idx ON orders (shipping_method_id);
CREATE INDEX orders_billing_address_id_idx ON orders (billing_address_id);
CREATE INDEX orders_shipping_address_id_idx ON orders (shipping_address_id);
CREATE INDEX orders_assigned_to_idx ON orders (assigned_to);
CREATE INDEX orders_created_by_idx ON orders (created_by);
CREATE INDEX orders_status_ordered_at_idx ON orders (status, ordered_at);
CREATE INDEX orders_ordered_at_idx ON orders (ordered_at);
CREATE INDEX orders_series_code_ordered_at_idx ON orders (series_code, ordered_at);

-- sku and name are copied from the catalog at order time, so later catalog edits do not alter the order.
CREATE TABLE order_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  tax_rate_id uuid REFERENCES tax_rates (id),
  sku text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  unit_price numeric(18,4) NOT NULL CHECK (unit_price >= 0),
  discount_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
  tax_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
  line_total numeric(18,4) NOT NULL CHECK (line_total >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  quantity_shipped numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_shipped >= 0),
  quantity_returned numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_returned >= 0),
  position integer NOT NULL DEFAULT 0,
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- What has been invoiced of the line (template version 3).
  quantity_invoiced numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_invoiced >= 0),
  CONSTRAINT order_items_line_total CHECK (line_total = quantity * unit_price - discount_amount + tax_amount),
  CONSTRAINT order_items_shipped_le_quantity CHECK (quantity_shipped <= quantity),
  CONSTRAINT order_items_returned_le_shipped CHECK (quantity_returned <= quantity_shipped),
  CONSTRAINT order_items_invoiced_le_shipped CHECK (quantity_invoiced <= quantity_shipped)
);
CREATE INDEX order_items_order_id_idx ON order_items (order_id);
CREATE INDEX order_items_product_id_idx ON order_items (product_id);
CREATE INDEX order_items_product_variant_id_idx ON order_items (product_variant_id);
CREATE INDEX order_items_tax_rate_id_idx ON order_items (tax_rate_id);

CREATE TABLE order_status_history (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  from_status text CHECK (from_status IN ('draft', 'confirmed', 'partially_shipped', 'shipped', 'delivered', 'cancelled')),
  to_status text NOT NULL CHECK (to_status IN ('draft', 'confirmed', 'partially_shipped', 'shipped', 'delivered', 'cancelled')),
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by uuid REFERENCES users (id),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT order_status_history_changed CHECK (from_status IS DISTINCT FROM to_status)
);
CREATE INDEX order_status_history_order_id_idx ON order_status_history (order_id);
CREATE INDEX order_status_history_changed_by_idx ON order_status_history (changed_by);

CREATE TABLE order_notes (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  author_id uuid REFERENCES users (id),
  visibility text NOT NULL DEFAULT 'internal' CHECK (visibility IN ('internal', 'customer')),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_notes_order_id_idx ON order_notes (order_id);
CREATE INDEX order_notes_author_id_idx ON order_notes (author_id);

-- Discounts applied to an order (whole order when order_item_id is null); they sum to orders.discount_total.
CREATE TABLE order_discounts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  order_item_id uuid REFERENCES order_items (id) ON DELETE CASCADE,
  discount_id uuid REFERENCES discounts (id),
  coupon_id uuid REFERENCES coupons (id),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
  amount numeric(18,4) NOT NULL CHECK (amount >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_discounts_order_id_idx ON order_discounts (order_id);
CREATE INDEX order_discounts_order_item_id_idx ON order_discounts (order_item_id);
CREATE INDEX order_discounts_discount_id_idx ON order_discounts (discount_id);
CREATE INDEX order_discounts_coupon_id_idx ON order_discounts (coupon_id);

CREATE TABLE coupon_redemptions (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  coupon_id uuid NOT NULL REFERENCES coupons (id),
  order_id uuid NOT NULL REFERENCES orders (id),
  customer_id uuid REFERENCES customers (id),
  amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  redeemed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT coupon_redemptions_coupon_order_key UNIQUE (coupon_id, order_id)
);
CREATE INDEX coupon_redemptions_order_id_idx ON coupon_redemptions (order_id);
CREATE INDEX coupon_redemptions_customer_id_idx ON coupon_redemptions (customer_id);

CREATE TABLE shipments (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  shipment_number text NOT NULL CHECK (length(shipment_number) BETWEEN 1 AND 40),
  order_id uuid NOT NULL REFERENCES orders (id),
  shipping_method_id uuid REFERENCES shipping_methods (id),
  shipping_address_id uuid REFERENCES customer_addresses (id),
  carrier text,
  service_level text,
  tracking_number text,
  tracking_url text,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'packed', 'shipped', 'in_transit', 'delivered', 'returned', 'cancelled')),
  package_count integer NOT NULL DEFAULT 1 CHECK (package_count > 0),
  weight numeric(18,4) CHECK (weight >= 0),
  shipping_cost numeric(18,4) NOT NULL DEFAULT 0 CHECK (shipping_cost >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  shipped_at timestamptz,
  delivered_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT shipments_shipment_number_key UNIQUE (shipment_number),
  CONSTRAINT shipments_delivered_order CHECK (delivered_at IS NULL OR shipped_at IS NULL OR delivered_at >= shipped_at),
  CONSTRAINT shipments_status_dates CHECK (
    (status NOT IN ('shipped', 'in_transit', 'delivered') OR shipped_at IS NOT NULL)
    AND (status <> 'delivered' OR delivered_at IS NOT NULL)
  )
);
CREATE INDEX shipments_order_id_idx ON shipments (order_id);
CREATE INDEX shipments_shipping_method_id_idx ON shipments (shipping_method_id);
CREATE INDEX shipments_shipping_address_id_idx ON shipments (shipping_address_id);
CREATE INDEX shipments_created_by_idx ON shipments (created_by);
CREATE INDEX shipments_tracking_number_idx ON shipments (tracking_number);

CREATE TABLE shipment_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  shipment_id uuid NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  order_item_id uuid NOT NULL REFERENCES order_items (id),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The moving-average cost the goods left with (template version 3).
  unit_cost numeric(18,4) NOT NULL DEFAULT 0 CHECK (unit_cost >= 0),
  CONSTRAINT shipment_items_line_key UNIQUE (shipment_id, order_item_id)
);
CREATE INDEX shipment_items_order_item_id_idx ON shipment_items (order_item_id);

CREATE TABLE gift_cards (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9-]{8,40}$'),
  customer_id uuid REFERENCES customers (id),
  issued_order_id uuid REFERENCES orders (id),
  recipient_name text,
  recipient_email text CHECK (recipient_email LIKE '%_@_%'),
  initial_balance numeric(18,4) NOT NULL CHECK (initial_balance > 0),
  balance numeric(18,4) NOT NULL CHECK (balance >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'redeemed', 'expired', 'disabled')),
  issued_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT gift_cards_code_key UNIQUE (code),
  CONSTRAINT gift_cards_balance_le_initial CHECK (balance <= initial_balance),
  CONSTRAINT gift_cards_expiry_order CHECK (expires_at IS NULL OR expires_at > issued_at)
);
CREATE INDEX gift_cards_customer_id_idx ON gift_cards (customer_id);
CREATE INDEX gift_cards_issued_order_id_idx ON gift_cards (issued_order_id);

CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  payment_number text NOT NULL CHECK (length(payment_number) BETWEEN 1 AND 40),
  order_id uuid NOT NULL REFERENCES orders (id),
  customer_id uuid REFERENCES customers (id),
  gift_card_id uuid REFERENCES gift_cards (id),
  amount numeric(18,4) NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  method text NOT NULL DEFAULT 'card'
    CHECK (method IN ('card', 'cash', 'bank_transfer', 'cheque', 'wallet', 'gift_card', 'store_credit', 'cash_on_delivery', 'other')),
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'authorized', 'captured', 'failed', 'cancelled', 'refunded', 'partially_refunded')),
  provider text,
  provider_reference text,
  authorized_at timestamptz,
  paid_at timestamptz,
  failure_reason text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_payment_number_key UNIQUE (payment_number),
  CONSTRAINT payments_provider_reference_key UNIQUE (provider, provider_reference),
  CONSTRAINT payments_gift_card_method CHECK ((method = 'gift_card') = (gift_card_id IS NOT NULL)),
  CONSTRAINT payments_paid_order CHECK (paid_at IS NULL OR authorized_at IS NULL OR paid_at >= authorized_at),
  CONSTRAINT payments_captured_paid CHECK (status <> 'captured' OR paid_at IS NOT NULL)
);
CREATE INDEX payments_order_id_idx ON payments (order_id);
CREATE INDEX payments_customer_id_idx ON payments (customer_id);
CREATE INDEX payments_gift_card_id_idx ON payments (gift_card_id);
CREATE INDEX payments_created_by_idx ON payments (created_by);

-- Returns (RMA) against a delivered order.
CREATE TABLE sales_returns (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  return_number text NOT NULL CHECK (length(return_number) BETWEEN 1 AND 40),
  order_id uuid NOT NULL REFERENCES orders (id),
  customer_id uuid NOT NULL REFERENCES customers (id),
  status text NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'approved', 'received', 'refunded', 'rejected', 'cancelled')),
  reason text,
  resolution text NOT NULL DEFAULT 'refund' CHECK (resolution IN ('refund', 'exchange', 'store_credit', 'repair')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  approved_at timestamptz,
  received_at timestamptz,
  closed_at timestamptz,
  refund_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (refund_total >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  approved_by uuid REFERENCES users (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sales_returns_return_number_key UNIQUE (return_number),
  CONSTRAINT sales_returns_approved_order CHECK (approved_at IS NULL OR approved_at >= requested_at),
  CONSTRAINT sales_returns_received_order CHECK (received_at IS NULL OR received_at >= requested_at),
  CONSTRAINT sales_returns_closed_order CHECK (closed_at IS NULL OR closed_at >= requested_at)
);
CREATE INDEX sales_returns_order_id_idx ON sales_returns (order_id);
CREATE INDEX sales_returns_customer_id_idx ON sales_returns (customer_id);
CREATE INDEX sales_returns_approved_by_idx ON sales_returns (approved_by);
CREATE INDEX sales_returns_created_by_idx ON sales_returns (created_by);

CREATE TABLE sales_return_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  sales_return_id uuid NOT NULL REFERENCES sales_returns (id) ON DELETE CASCADE,
  order_item_id uuid NOT NULL REFERENCES order_items (id),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  quantity_received numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_received >= 0),
  reason text NOT NULL DEFAULT 'other'
    CHECK (reason IN ('defective', 'damaged', 'wrong_item', 'not_as_described', 'no_longer_needed', 'other')),
  condition text CHECK (condition IN ('new', 'opened', 'used', 'damaged', 'defective')),
  restock boolean NOT NULL DEFAULT true,
  refund_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (refund_amount >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sales_return_items_line_key UNIQUE (sales_return_id, order_item_id),
  CONSTRAINT sales_return_items_received_le_quantity CHECK (quantity_received <= quantity)
);
CREATE INDEX sales_return_items_order_item_id_idx ON sales_return_items (order_item_id);

CREATE TABLE refunds (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  refund_number text NOT NULL CHECK (length(refund_number) BETWEEN 1 AND 40),
  payment_id uuid NOT NULL REFERENCES payments (id),
  order_id uuid NOT NULL REFERENCES orders (id),
  sales_return_id uuid REFERENCES sales_returns (id),
  amount numeric(18,4) NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  reason text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'failed', 'cancelled')),
  provider_reference text,
  refunded_at timestamptz,
  processed_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT refunds_refund_number_key UNIQUE (refund_number),
  CONSTRAINT refunds_processed_dated CHECK (status <> 'processed' OR refunded_at IS NOT NULL)
);
CREATE INDEX refunds_payment_id_idx ON refunds (payment_id);
CREATE INDEX refunds_order_id_idx ON refunds (order_id);
CREATE INDEX refunds_sales_return_id_idx ON refunds (sales_return_id);
CREATE INDEX refunds_processed_by_idx ON refunds (processed_by);

-- Ledger of a gift card: amount is positive for issue/refund/top-up, negative for redeem/expire.
CREATE TABLE gift_card_transactions (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  gift_card_id uuid NOT NULL REFERENCES gift_cards (id),
  order_id uuid REFERENCES orders (id),
  payment_id uuid REFERENCES payments (id),
  kind text NOT NULL DEFAULT 'issue' CHECK (kind IN ('issue', 'redeem', 'refund', 'top_up', 'adjust', 'expire')),
  amount numeric(18,4) NOT NULL CHECK (amount <> 0),
  balance_after numeric(18,4) NOT NULL CHECK (balance_after >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  note text,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT gift_card_transactions_sign CHECK (
    (kind IN ('issue', 'refund', 'top_up') AND amount > 0)
    OR (kind IN ('redeem', 'expire') AND amount < 0)
    OR kind = 'adjust'
  )
);
CREATE INDEX gift_card_transactions_gift_card_id_idx ON gift_card_transactions (gift_card_id);
CREATE INDEX gift_card_transactions_order_id_idx ON gift_card_transactions (order_id);
CREATE INDEX gift_card_transactions_payment_id_idx ON gift_card_transactions (payment_id);
CREATE INDEX gift_card_transactions_created_by_idx ON gift_card_transactions (created_by);

CREATE TABLE loyalty_accounts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  account_number text NOT NULL CHECK (length(account_number) BETWEEN 1 AND 40),
  customer_id uuid NOT NULL REFERENCES customers (id),
  tier text NOT NULL DEFAULT 'standard' CHECK (tier IN ('standard', 'silver', 'gold', 'platinum')),
  points_balance integer NOT NULL DEFAULT 0 CHECK (points_balance >= 0),
  lifetime_points integer NOT NULL DEFAULT 0 CHECK (lifetime_points >= 0),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT loyalty_accounts_account_number_key UNIQUE (account_number),
  CONSTRAINT loyalty_accounts_customer_id_key UNIQUE (customer_id)
);

-- Points ledger: positive for earn, negative for redeem/expire, either sign for adjust.
CREATE TABLE loyalty_transactions (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  loyalty_account_id uuid NOT NULL REFERENCES loyalty_accounts (id),
  order_id uuid REFERENCES orders (id),
  kind text NOT NULL DEFAULT 'earn' CHECK (kind IN ('earn', 'redeem', 'adjust', 'expire')),
  points integer NOT NULL CHECK (points <> 0),
  balance_after integer NOT NULL CHECK (balance_after >= 0),
  description text,
  expires_at timestamptz,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT loyalty_transactions_sign CHECK (
    (kind = 'earn' AND points > 0)
    OR (kind IN ('redeem', 'expire') AND points < 0)
    OR kind = 'adjust'
  )
);
CREATE INDEX loyalty_transactions_loyalty_account_id_idx ON loyalty_transactions (loyalty_account_id);
CREATE INDEX loyalty_transactions_order_id_idx ON loyalty_transactions (order_id);
CREATE INDEX loyalty_transactions_created_by_idx ON loyalty_transactions (created_by);

-- Sentences for the rules above whose definition does not read as one; the API answers a
-- violation with them (every other rule's sentence is derived from its definition by `pnpm db:types`).
COMMENT ON CONSTRAINT discounts_value ON discounts IS 'A ''percentage'' discount needs percent, and a ''fixed_amount'' discount needs amount.';
COMMENT ON CONSTRAINT gift_card_transactions_sign ON gift_card_transactions IS 'amount must be positive for ''issue'', ''refund'' and ''top_up'', and negative for ''redeem'' and ''expire''.';
COMMENT ON CONSTRAINT loyalty_transactions_sign ON loyalty_transactions IS 'points must be positive for ''earn'', and negative for ''redeem'' and ''expire''.';
COMMENT ON CONSTRAINT orders_delivered_order ON orders IS 'delivered_at must be on or after ordered_at and shipped_at.';
COMMENT ON CONSTRAINT orders_status_dates ON orders IS 'The order''s status needs its date: confirmed_at when ''confirmed'', shipped_at when ''shipped'' or ''delivered'', delivered_at when ''delivered'', cancelled_at when ''cancelled''.';
COMMENT ON CONSTRAINT shipments_status_dates ON shipments IS 'The shipment''s status needs its date: shipped_at once ''shipped'', ''in_transit'' or ''delivered'', delivered_at when ''delivered''.';
