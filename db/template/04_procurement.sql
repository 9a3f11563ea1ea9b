-- Procurement: vendors and what they supply, requisitions, RFQs, purchase orders, goods receipts,
-- vendor invoices and payments (accounts payable), returns to vendors, and landed costs.
-- References auth (users), catalog (products, ...) and inventory (warehouses, bins, stock_movements).

CREATE TABLE vendors (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  vendor_number text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  legal_name text,
  email text CHECK (email = lower(email) AND email LIKE '%_@_%'),
  phone text,
  website text,
  tax_id text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'on_hold', 'blocked', 'inactive')),
  payment_terms_days integer NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 365),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  credit_limit numeric(18,4) CHECK (credit_limit >= 0),
  notes text,
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT vendors_vendor_number_key UNIQUE (vendor_number)
);

CREATE TABLE vendor_contacts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  vendor_id uuid NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  job_title text,
  email text CHECK (email = lower(email) AND email LIKE '%_@_%'),
  phone text,
  mobile text,
  role text NOT NULL DEFAULT 'general' CHECK (role IN ('general', 'sales', 'accounts', 'logistics', 'quality', 'management')),
  is_primary boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vendor_contacts_vendor_id_idx ON vendor_contacts (vendor_id);
CREATE UNIQUE INDEX vendor_contacts_one_primary_idx ON vendor_contacts (vendor_id) WHERE is_primary;

CREATE TABLE vendor_addresses (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  vendor_id uuid NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
  address_type text NOT NULL DEFAULT 'office' CHECK (address_type IN ('office', 'billing', 'remit_to', 'shipping', 'warehouse')),
  line1 text NOT NULL CHECK (length(line1) BETWEEN 1 AND 200),
  line2 text,
  city text NOT NULL,
  region text,
  postal_code text,
  country_code char(2) NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vendor_addresses_vendor_id_idx ON vendor_addresses (vendor_id);

-- What a vendor supplies: its own SKU, lead time and last price for each product.
CREATE TABLE vendor_products (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  vendor_id uuid NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  unit_of_measure_id uuid REFERENCES units_of_measure (id),
  vendor_sku text,
  vendor_product_name text,
  lead_time_days integer NOT NULL DEFAULT 0 CHECK (lead_time_days >= 0),
  min_order_quantity numeric(18,4) NOT NULL DEFAULT 1 CHECK (min_order_quantity > 0),
  pack_size numeric(18,4) NOT NULL DEFAULT 1 CHECK (pack_size > 0),
  last_cost numeric(18,4) CHECK (last_cost >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  last_purchased_at timestamptz,
  is_preferred boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT vendor_products_vendor_product_key UNIQUE NULLS NOT DISTINCT (vendor_id, product_id, product_variant_id),
  CONSTRAINT vendor_products_vendor_sku_key UNIQUE (vendor_id, vendor_sku)
);
CREATE INDEX vendor_products_product_id_idx ON vendor_products (product_id);
CREATE INDEX vendor_products_product_variant_id_idx ON vendor_products (product_variant_id);
CREATE INDEX vendor_products_unit_of_measure_id_idx ON vendor_products (unit_of_measure_id);

-- Internal requests to buy; approved lines become purchase order lines.
CREATE TABLE purchase_requisitions (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  requisition_number text NOT NULL,
  requested_by uuid NOT NULL REFERENCES users (id),
  warehouse_id uuid REFERENCES warehouses (id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'ordered', 'cancelled')),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'low', 'high', 'urgent')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  needed_by date,
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  estimated_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (estimated_total >= 0),
  justification text,
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT purchase_requisitions_requisition_number_key UNIQUE (requisition_number),
  CONSTRAINT purchase_requisitions_approval CHECK (approved_at IS NULL OR approved_at >= requested_at)
);
CREATE INDEX purchase_requisitions_requested_by_idx ON purchase_requisitions (requested_by);
CREATE INDEX purchase_requisitions_warehouse_id_idx ON purchase_requisitions (warehouse_id);
CREATE INDEX purchase_requisitions_approved_by_idx ON purchase_requisitions (approved_by);

CREATE TABLE purchase_requisition_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  purchase_requisition_id uuid NOT NULL REFERENCES purchase_requisitions (id) ON DELETE CASCADE,
  line_number integer NOT NULL CHECK (line_number > 0),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  unit_of_measure_id uuid REFERENCES units_of_measure (id),
  suggested_vendor_id uuid REFERENCES vendors (id),
  description text,
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  estimated_unit_cost numeric(18,4) CHECK (estimated_unit_cost >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  needed_by date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT purchase_requisition_items_line_key UNIQUE (purchase_requisition_id, line_number)
);
CREATE INDEX purchase_requisition_items_product_id_idx ON purchase_requisition_items (product_id);
CREATE INDEX purchase_requisition_items_product_variant_id_idx ON purchase_requisition_items (product_variant_id);
CREATE INDEX purchase_requisition_items_unit_of_measure_id_idx ON purchase_requisition_items (unit_of_measure_id);
CREATE INDEX purchase_requisition_items_suggested_vendor_id_idx ON purchase_requisition_items (suggested_vendor_id);

-- Requests for quotation sent to several vendors.
CREATE TABLE rfqs (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  rfq_number text NOT NULL,
  purchase_requisition_id uuid REFERENCES purchase_requisitions (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'closed', 'awarded', 'cancelled')),
  issued_at timestamptz,
  response_due_at timestamptz,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_by uuid REFERENCES users (id),
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT rfqs_rfq_number_key UNIQUE (rfq_number),
  CONSTRAINT rfqs_dates CHECK (response_due_at IS NULL OR issued_at IS NULL OR response_due_at >= issued_at)
);
CREATE INDEX rfqs_purchase_requisition_id_idx ON rfqs (purchase_requisition_id);
CREATE INDEX rfqs_created_by_idx ON rfqs (created_by);

-- Vendors invited to quote on an RFQ.
CREATE TABLE rfq_vendors (
  rfq_id uuid NOT NULL REFERENCES rfqs (id) ON DELETE CASCADE,
  vendor_id uuid NOT NULL REFERENCES vendors (id),
  status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'responded', 'declined', 'awarded')),
  invited_at timestamptz NOT NULL DEFAULT now(),
  responded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rfq_id, vendor_id),
  CONSTRAINT rfq_vendors_dates CHECK (responded_at IS NULL OR responded_at >= invited_at)
);
CREATE INDEX rfq_vendors_vendor_id_idx ON rfq_vendors (vendor_id);

CREATE TABLE rfq_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  rfq_id uuid NOT NULL REFERENCES rfqs (id) ON DELETE CASCADE,
  line_number integer NOT NULL CHECK (line_number > 0),
  purchase_requisition_item_id uuid REFERENCES purchase_requisition_items (id),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  unit_of_measure_id uuid REFERENCES units_of_measure (id),
  description text,
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  needed_by date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT rfq_items_line_key UNIQUE (rfq_id, line_number)
);
CREATE INDEX rfq_items_purchase_requisition_item_id_idx ON rfq_items (purchase_requisition_item_id);
CREATE INDEX rfq_items_product_id_idx ON rfq_items (product_id);
CREATE INDEX rfq_items_product_variant_id_idx ON rfq_items (product_variant_id);
CREATE INDEX rfq_items_unit_of_measure_id_idx ON rfq_items (unit_of_measure_id);

-- One vendor's quote for one RFQ line.
CREATE TABLE rfq_responses (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  rfq_item_id uuid NOT NULL REFERENCES rfq_items (id) ON DELETE CASCADE,
  vendor_id uuid NOT NULL REFERENCES vendors (id),
  quantity_offered numeric(18,4) NOT NULL CHECK (quantity_offered > 0),
  unit_cost numeric(18,4) NOT NULL CHECK (unit_cost >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  lead_time_days integer CHECK (lead_time_days >= 0),
  valid_until date,
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'rejected', 'withdrawn')),
  responded_at timestamptz NOT NULL DEFAULT now(),
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT rfq_responses_item_vendor_key UNIQUE (rfq_item_id, vendor_id)
);
CREATE INDEX rfq_responses_vendor_id_idx ON rfq_responses (vendor_id);

CREATE TABLE purchase_orders (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  po_number text NOT NULL,
  vendor_id uuid NOT NULL REFERENCES vendors (id),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  rfq_id uuid REFERENCES rfqs (id),
  buyer_id uuid REFERENCES users (id),
  approved_by uuid REFERENCES users (id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'partially_received', 'received', 'closed', 'cancelled', 'approved')),
  ordered_at timestamptz,
  expected_at timestamptz,
  approved_at timestamptz,
  payment_terms_days integer NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 365),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  exchange_rate numeric(18,8) NOT NULL DEFAULT 1 CHECK (exchange_rate > 0),
  subtotal numeric(18,4) NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
  tax_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_total >= 0),
  grand_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (grand_total >= 0),
  vendor_reference text,
  notes text,
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT purchase_orders_po_number_key UNIQUE (po_number),
  CONSTRAINT purchase_orders_totals CHECK (grand_total = subtotal + tax_total),
  CONSTRAINT purchase_orders_ordered CHECK (status IN ('draft', 'cancelled') OR ordered_at IS NOT NULL),
  CONSTRAINT purchase_orders_dates CHECK (expected_at IS NULL OR ordered_at IS NULL OR expected_at >= ordered_at),
  CONSTRAINT purchase_orders_approved CHECK (status IN ('draft', 'cancelled') OR approved_at IS NOT NULL)
);
CREATE INDEX purchase_orders_vendor_id_idx ON purchase_orders (vendor_id);
CREATE INDEX purchase_orders_warehouse_id_idx ON purchase_orders (warehouse_id);
CREATE INDEX purchase_orders_rfq_id_idx ON purchase_orders (rfq_id);
CREATE INDEX purchase_orders_buyer_id_idx ON purchase_orders (buyer_id);
CREATE INDEX purchase_orders_approved_by_idx ON purchase_orders (approved_by);
CREATE INDEX purchase_orders_status_idx ON purchase_orders (status);

CREATE TABLE purchase_order_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  purchase_order_id uuid NOT NULL REFERENCES purchase_orders (id) ON DELETE CASCADE,
  line_number integer NOT NULL CHECK (line_number > 0),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  unit_of_measure_id uuid REFERENCES units_of_measure (id),
  tax_rate_id uuid REFERENCES tax_rates (id),
  purchase_requisition_item_id uuid REFERENCES purchase_requisition_items (id),
  vendor_sku text,
  description text,
  quantity_ordered numeric(18,4) NOT NULL CHECK (quantity_ordered > 0),
  quantity_received numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_received >= 0),
  unit_cost numeric(18,4) NOT NULL CHECK (unit_cost >= 0),
  tax_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
  line_total numeric(18,4) NOT NULL CHECK (line_total >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  expected_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Billed on approved vendor bills, and sent back on debit notes (procure to pay, template version 4).
  quantity_billed numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_billed >= 0),
  quantity_returned numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_returned >= 0),
  -- The over-receipt / over-billing tolerance in force when the order was placed (procurement_settings).
  quantity_tolerance_percent numeric(7,4) NOT NULL DEFAULT 0 CHECK (quantity_tolerance_percent BETWEEN 0 AND 100),
  CONSTRAINT purchase_order_items_line_key UNIQUE (purchase_order_id, line_number),
  CONSTRAINT purchase_order_items_received CHECK (quantity_received <= quantity_ordered * (1 + quantity_tolerance_percent / 100)),
  CONSTRAINT purchase_order_items_billed CHECK (quantity_billed <= quantity_received * (1 + quantity_tolerance_percent / 100)),
  CONSTRAINT purchase_order_items_returned CHECK (quantity_returned <= quantity_billed)
);
CREATE INDEX purchase_order_items_product_id_idx ON purchase_order_items (product_id);
CREATE INDEX purchase_order_items_product_variant_id_idx ON purchase_order_items (product_variant_id);
CREATE INDEX purchase_order_items_unit_of_measure_id_idx ON purchase_order_items (unit_of_measure_id);
CREATE INDEX purchase_order_items_tax_rate_id_idx ON purchase_order_items (tax_rate_id);
CREATE INDEX purchase_order_items_purchase_requisition_item_id_idx ON purchase_order_items (purchase_requisition_item_id);

-- Goods receipt notes (GRN): what actually arrived at the warehouse against a purchase order.
CREATE TABLE goods_receipt_notes (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  grn_number text NOT NULL,
  purchase_order_id uuid NOT NULL REFERENCES purchase_orders (id),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  received_by uuid REFERENCES users (id),
  received_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'received', 'inspected', 'posted', 'cancelled')),
  delivery_note_number text,
  carrier text,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT goods_receipt_notes_grn_number_key UNIQUE (grn_number)
);
CREATE INDEX goods_receipt_notes_purchase_order_id_idx ON goods_receipt_notes (purchase_order_id);
CREATE INDEX goods_receipt_notes_warehouse_id_idx ON goods_receipt_notes (warehouse_id);
CREATE INDEX goods_receipt_notes_received_by_idx ON goods_receipt_notes (received_by);

CREATE TABLE goods_receipt_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  grn_id uuid NOT NULL REFERENCES goods_receipt_notes (id) ON DELETE CASCADE,
  purchase_order_item_id uuid NOT NULL REFERENCES purchase_order_items (id),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  bin_id uuid REFERENCES bins (id),
  stock_movement_id uuid REFERENCES stock_movements (id),
  quantity_received numeric(18,4) NOT NULL CHECK (quantity_received > 0),
  quantity_rejected numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_rejected >= 0),
  rejection_reason text,
  lot_number text,
  expiry_date date,
  unit_cost numeric(18,4) NOT NULL DEFAULT 0 CHECK (unit_cost >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT goods_receipt_items_rejected CHECK (quantity_rejected <= quantity_received)
);
CREATE INDEX goods_receipt_items_grn_id_idx ON goods_receipt_items (grn_id);
CREATE INDEX goods_receipt_items_purchase_order_item_id_idx ON goods_receipt_items (purchase_order_item_id);
CREATE INDEX goods_receipt_items_product_id_idx ON goods_receipt_items (product_id);
CREATE INDEX goods_receipt_items_product_variant_id_idx ON goods_receipt_items (product_variant_id);
CREATE INDEX goods_receipt_items_bin_id_idx ON goods_receipt_items (bin_id);
CREATE INDEX goods_receipt_items_stock_movement_id_idx ON goods_receipt_items (stock_movement_id);

-- Bills received from vendors; invoice_number is the vendor's own number.
CREATE TABLE vendor_invoices (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  invoice_number text NOT NULL,
  vendor_id uuid NOT NULL REFERENCES vendors (id),
  purchase_order_id uuid REFERENCES purchase_orders (id),
  approved_by uuid REFERENCES users (id),
  invoice_date date NOT NULL,
  due_date date NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  approved_at timestamptz,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'partially_paid', 'paid', 'disputed', 'cancelled')),
  match_status text NOT NULL DEFAULT 'unmatched' CHECK (match_status IN ('unmatched', 'matched', 'variance')),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  exchange_rate numeric(18,8) NOT NULL DEFAULT 1 CHECK (exchange_rate > 0),
  subtotal numeric(18,4) NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
  tax_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_total >= 0),
  grand_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (grand_total >= 0),
  amount_paid numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount_paid >= 0),
  notes text,
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Taken off the bill by debit notes; the user who approved it despite a three-way-match variance
  -- (template version 4).
  amount_credited numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount_credited >= 0),
  overridden_by uuid REFERENCES users (id),
  CONSTRAINT vendor_invoices_vendor_invoice_number_key UNIQUE (vendor_id, invoice_number),
  CONSTRAINT vendor_invoices_dates CHECK (due_date >= invoice_date),
  CONSTRAINT vendor_invoices_totals CHECK (grand_total = subtotal + tax_total),
  CONSTRAINT vendor_invoices_paid CHECK (amount_paid <= grand_total),
  CONSTRAINT vendor_invoices_settled_le_total CHECK (amount_paid + amount_credited <= grand_total)
);
CREATE INDEX vendor_invoices_purchase_order_id_idx ON vendor_invoices (purchase_order_id);
CREATE INDEX vendor_invoices_approved_by_idx ON vendor_invoices (approved_by);
CREATE INDEX vendor_invoices_status_due_date_idx ON vendor_invoices (status, due_date);
CREATE INDEX vendor_invoices_overridden_by_idx ON vendor_invoices (overridden_by);

CREATE TABLE vendor_invoice_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  vendor_invoice_id uuid NOT NULL REFERENCES vendor_invoices (id) ON DELETE CASCADE,
  line_number integer NOT NULL CHECK (line_number > 0),
  purchase_order_item_id uuid REFERENCES purchase_order_items (id),
  goods_receipt_item_id uuid REFERENCES goods_receipt_items (id),
  product_id uuid REFERENCES products (id),
  tax_rate_id uuid REFERENCES tax_rates (id),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  unit_cost numeric(18,4) NOT NULL CHECK (unit_cost >= 0),
  tax_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
  line_total numeric(18,4) NOT NULL CHECK (line_total >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT vendor_invoice_items_line_key UNIQUE (vendor_invoice_id, line_number)
);
CREATE INDEX vendor_invoice_items_purchase_order_item_id_idx ON vendor_invoice_items (purchase_order_item_id);
CREATE INDEX vendor_invoice_items_goods_receipt_item_id_idx ON vendor_invoice_items (goods_receipt_item_id);
CREATE INDEX vendor_invoice_items_product_id_idx ON vendor_invoice_items (product_id);
CREATE INDEX vendor_invoice_items_tax_rate_id_idx ON vendor_invoice_items (tax_rate_id);

CREATE TABLE vendor_payments (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  payment_number text NOT NULL,
  vendor_id uuid NOT NULL REFERENCES vendors (id),
  created_by uuid REFERENCES users (id),
  amount numeric(18,4) NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  exchange_rate numeric(18,8) NOT NULL DEFAULT 1 CHECK (exchange_rate > 0),
  paid_at timestamptz NOT NULL DEFAULT now(),
  method text NOT NULL DEFAULT 'bank_transfer' CHECK (method IN ('bank_transfer', 'ach', 'wire', 'check', 'card', 'cash', 'other')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'failed', 'void')),
  reference text,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT vendor_payments_payment_number_key UNIQUE (payment_number)
);
CREATE INDEX vendor_payments_vendor_id_idx ON vendor_payments (vendor_id);
CREATE INDEX vendor_payments_created_by_idx ON vendor_payments (created_by);

-- How a payment is split over the vendor's open invoices.
CREATE TABLE vendor_payment_allocations (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  vendor_payment_id uuid NOT NULL REFERENCES vendor_payments (id) ON DELETE CASCADE,
  vendor_invoice_id uuid NOT NULL REFERENCES vendor_invoices (id),
  amount numeric(18,4) NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  allocated_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT vendor_payment_allocations_payment_invoice_key UNIQUE (vendor_payment_id, vendor_invoice_id)
);
CREATE INDEX vendor_payment_allocations_vendor_invoice_id_idx ON vendor_payment_allocations (vendor_invoice_id);

-- Scorecard entries, usually one per purchase order or per review period.
CREATE TABLE vendor_ratings (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  vendor_id uuid NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
  purchase_order_id uuid REFERENCES purchase_orders (id),
  rated_by uuid REFERENCES users (id),
  quality_score smallint NOT NULL CHECK (quality_score BETWEEN 1 AND 5),
  delivery_score smallint NOT NULL CHECK (delivery_score BETWEEN 1 AND 5),
  price_score smallint NOT NULL CHECK (price_score BETWEEN 1 AND 5),
  communication_score smallint NOT NULL CHECK (communication_score BETWEEN 1 AND 5),
  overall_score numeric(3,2) NOT NULL CHECK (overall_score BETWEEN 1 AND 5),
  comments text,
  rated_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vendor_ratings_vendor_id_idx ON vendor_ratings (vendor_id);
CREATE INDEX vendor_ratings_purchase_order_id_idx ON vendor_ratings (purchase_order_id);
CREATE INDEX vendor_ratings_rated_by_idx ON vendor_ratings (rated_by);

-- Returns to vendor (RTV) of received goods.
CREATE TABLE purchase_returns (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  return_number text NOT NULL,
  vendor_id uuid NOT NULL REFERENCES vendors (id),
  purchase_order_id uuid REFERENCES purchase_orders (id),
  grn_id uuid REFERENCES goods_receipt_notes (id),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  created_by uuid REFERENCES users (id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'shipped', 'credited', 'cancelled')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  returned_at timestamptz,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  total_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (total_amount >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- A debit note: the vendor bill it takes back (its amount_credited), and the tax in total_amount (template version 4).
  vendor_invoice_id uuid REFERENCES vendor_invoices (id),
  tax_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_total >= 0),
  CONSTRAINT purchase_returns_return_number_key UNIQUE (return_number),
  CONSTRAINT purchase_returns_tax_le_total CHECK (tax_total <= total_amount)
);
CREATE INDEX purchase_returns_vendor_id_idx ON purchase_returns (vendor_id);
CREATE INDEX purchase_returns_purchase_order_id_idx ON purchase_returns (purchase_order_id);
CREATE INDEX purchase_returns_grn_id_idx ON purchase_returns (grn_id);
CREATE INDEX purchase_returns_warehouse_id_idx ON purchase_returns (warehouse_id);
CREATE INDEX purchase_returns_created_by_idx ON purchase_returns (created_by);
CREATE INDEX purchase_returns_vendor_invoice_id_idx ON purchase_returns (vendor_invoice_id);

CREATE TABLE purchase_return_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  purchase_return_id uuid NOT NULL REFERENCES purchase_returns (id) ON DELETE CASCADE,
  line_number integer NOT NULL CHECK (line_number > 0),
  goods_receipt_item_id uuid REFERENCES goods_receipt_items (id),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  stock_movement_id uuid REFERENCES stock_movements (id),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  unit_cost numeric(18,4) NOT NULL CHECK (unit_cost >= 0),
  line_total numeric(18,4) NOT NULL CHECK (line_total >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The vendor bill line a debit note line takes back, and its share of that line's tax (template version 4).
  vendor_invoice_item_id uuid REFERENCES vendor_invoice_items (id),
  tax_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
  CONSTRAINT purchase_return_items_line_key UNIQUE (purchase_return_id, line_number)
);
CREATE INDEX purchase_return_items_goods_receipt_item_id_idx ON purchase_return_items (goods_receipt_item_id);
CREATE INDEX purchase_return_items_product_id_idx ON purchase_return_items (product_id);
CREATE INDEX purchase_return_items_product_variant_id_idx ON purchase_return_items (product_variant_id);
CREATE INDEX purchase_return_items_stock_movement_id_idx ON purchase_return_items (stock_movement_id);
CREATE INDEX purchase_return_items_vendor_invoice_item_id_idx ON purchase_return_items (vendor_invoice_item_id);

-- Credits issued by a vendor (returns, price corrections), applied against its invoices.
CREATE TABLE vendor_credit_notes (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  credit_note_number text NOT NULL,
  vendor_id uuid NOT NULL REFERENCES vendors (id),
  vendor_invoice_id uuid REFERENCES vendor_invoices (id),
  purchase_return_id uuid REFERENCES purchase_returns (id),
  issued_date date NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'applied', 'void')),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  subtotal numeric(18,4) NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
  tax_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_total >= 0),
  amount numeric(18,4) NOT NULL CHECK (amount > 0),
  amount_applied numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount_applied >= 0),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT vendor_credit_notes_vendor_number_key UNIQUE (vendor_id, credit_note_number),
  CONSTRAINT vendor_credit_notes_totals CHECK (amount = subtotal + tax_total),
  CONSTRAINT vendor_credit_notes_applied CHECK (amount_applied <= amount)
);
CREATE INDEX vendor_credit_notes_vendor_invoice_id_idx ON vendor_credit_notes (vendor_invoice_id);
CREATE INDEX vendor_credit_notes_purchase_return_id_idx ON vendor_credit_notes (purchase_return_id);

-- Freight, duty, insurance etc. that add to the cost of received goods.
CREATE TABLE landed_costs (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  landed_cost_number text NOT NULL,
  purchase_order_id uuid REFERENCES purchase_orders (id),
  grn_id uuid REFERENCES goods_receipt_notes (id),
  vendor_id uuid REFERENCES vendors (id),
  vendor_invoice_id uuid REFERENCES vendor_invoices (id),
  cost_type text NOT NULL DEFAULT 'freight' CHECK (cost_type IN ('freight', 'insurance', 'customs_duty', 'handling', 'brokerage', 'other')),
  allocation_method text NOT NULL DEFAULT 'by_value' CHECK (allocation_method IN ('by_value', 'by_quantity', 'by_weight', 'by_volume', 'manual')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'allocated', 'posted', 'cancelled')),
  description text,
  amount numeric(18,4) NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  incurred_on date NOT NULL DEFAULT current_date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT landed_costs_landed_cost_number_key UNIQUE (landed_cost_number),
  CONSTRAINT landed_costs_target CHECK (purchase_order_id IS NOT NULL OR grn_id IS NOT NULL)
);
CREATE INDEX landed_costs_purchase_order_id_idx ON landed_costs (purchase_order_id);
CREATE INDEX landed_costs_grn_id_idx ON landed_costs (grn_id);
CREATE INDEX landed_costs_vendor_id_idx ON landed_costs (vendor_id);
CREATE INDEX landed_costs_vendor_invoice_id_idx ON landed_costs (vendor_invoice_id);

-- A landed cost's share per received line.
CREATE TABLE landed_cost_allocations (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  landed_cost_id uuid NOT NULL REFERENCES landed_costs (id) ON DELETE CASCADE,
  goods_receipt_item_id uuid NOT NULL REFERENCES goods_receipt_items (id),
  amount numeric(18,4) NOT NULL CHECK (amount >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT landed_cost_allocations_cost_item_key UNIQUE (landed_cost_id, goods_receipt_item_id)
);
CREATE INDEX landed_cost_allocations_goods_receipt_item_id_idx ON landed_cost_allocations (goods_receipt_item_id);

-- Purchasing rules of the tenant (template version 4): at most one row; while there is none the
-- column defaults apply. Orders whose grand total is above approval_threshold need a user holding
-- procurement.approve to approve them; receipts and bills may exceed the ordered / received
-- quantity by quantity_tolerance_percent, and a bill's price may differ from the order's by
-- price_tolerance_percent before the three-way match reports a variance.
CREATE TABLE procurement_settings (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  singleton boolean NOT NULL DEFAULT true,
  approval_threshold numeric(18,4) NOT NULL DEFAULT 1000 CHECK (approval_threshold >= 0),
  quantity_tolerance_percent numeric(7,4) NOT NULL DEFAULT 0 CHECK (quantity_tolerance_percent BETWEEN 0 AND 100),
  price_tolerance_percent numeric(7,4) NOT NULL DEFAULT 0 CHECK (price_tolerance_percent BETWEEN 0 AND 100),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT procurement_settings_singleton_key UNIQUE (singleton),
  CONSTRAINT procurement_settings_one_row CHECK (singleton)
);

-- A purchase order line keeps what was agreed once the order leaves draft: product, quantity
-- ordered, price, tax and totals are frozen; receipts, bills and debit notes move only the
-- quantity_received / quantity_billed / quantity_returned counters (template version 4).
CREATE FUNCTION purchase_order_items_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  order_status text;
BEGIN
  EXECUTE format('SELECT status FROM %I.purchase_orders WHERE id = $1', TG_TABLE_SCHEMA) INTO order_status USING OLD.purchase_order_id;
  IF order_status IS NOT NULL AND order_status <> 'draft' AND (TG_OP = 'DELETE'
      OR (NEW.product_id, NEW.product_variant_id, NEW.quantity_ordered, NEW.unit_cost, NEW.tax_amount, NEW.line_total,
        NEW.quantity_tolerance_percent)
        IS DISTINCT FROM (OLD.product_id, OLD.product_variant_id, OLD.quantity_ordered, OLD.unit_cost, OLD.tax_amount,
        OLD.line_total, OLD.quantity_tolerance_percent)) THEN
    RAISE EXCEPTION 'Purchase order line % is %: its product, quantity, price and totals cannot change.', OLD.line_number, order_status
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'purchase_order_items_frozen';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER purchase_order_items_frozen BEFORE UPDATE OR DELETE ON purchase_order_items
  FOR EACH ROW EXECUTE FUNCTION purchase_order_items_frozen();

-- A payment's allocation raises its bill's amount_paid (and status) in the same statement, so the
-- bill's CHECK amount_paid + amount_credited <= grand_total refuses an allocation beyond what is
-- open, whoever writes it; allocations to one bill queue on the bill's row. Only an approved (or
-- partially paid) bill can be paid, and allocations are never changed or removed (template version 4).
-- Both functions name their tables through TG_TABLE_SCHEMA, like the books' (05_finance.sql).
CREATE FUNCTION vendor_payment_allocations_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  updated integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'A vendor payment''s allocations cannot be changed or removed.'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'vendor_payment_allocations_open_bill';
  END IF;
  EXECUTE format('UPDATE %I.vendor_invoices SET amount_paid = amount_paid + $1,
      status = CASE WHEN amount_paid + $1 + amount_credited = grand_total THEN ''paid'' ELSE ''partially_paid'' END,
      updated_at = now()
    WHERE id = $2 AND status IN (''approved'', ''partially_paid'')', TG_TABLE_SCHEMA) USING NEW.amount, NEW.vendor_invoice_id;
  GET DIAGNOSTICS updated = ROW_COUNT;
  IF updated = 0 THEN
    RAISE EXCEPTION 'Only an approved vendor bill with money open can be paid.'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'vendor_payment_allocations_open_bill';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER vendor_payment_allocations_apply AFTER INSERT OR UPDATE OR DELETE ON vendor_payment_allocations
  FOR EACH ROW EXECUTE FUNCTION vendor_payment_allocations_apply();

COMMENT ON CONSTRAINT purchase_orders_approved ON purchase_orders IS 'A purchase order past draft needs approved_at (it must be approved first).';
COMMENT ON CONSTRAINT purchase_order_items_received ON purchase_order_items IS 'quantity_received must not exceed quantity_ordered plus quantity_tolerance_percent.';
COMMENT ON CONSTRAINT purchase_order_items_billed ON purchase_order_items IS 'quantity_billed must not exceed quantity_received plus quantity_tolerance_percent.';
COMMENT ON CONSTRAINT purchase_order_items_returned ON purchase_order_items IS 'quantity_returned must not exceed quantity_billed.';
COMMENT ON CONSTRAINT vendor_invoices_settled_le_total ON vendor_invoices IS 'amount_paid plus amount_credited must not exceed grand_total (a bill is never over-paid).';
COMMENT ON CONSTRAINT procurement_settings_one_row ON procurement_settings IS 'A tenant has one row of procurement settings (singleton must be true).';
