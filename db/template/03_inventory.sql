-- Inventory: warehouses, zones and bins, stock levels and the movement ledger, lots and serials,
-- reservations, transfers, adjustments and counts, replenishment, picking, packing and valuation.
-- Quantities are in the product's unit of measure (products.uom_id).

CREATE TABLE warehouses (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL DEFAULT 'warehouse'
    CHECK (kind IN ('warehouse', 'distribution_center', 'store', 'transit', 'virtual')),
  line1 text,
  line2 text,
  city text,
  region text,
  postal_code text,
  country char(2) CHECK (country ~ '^[A-Z]{2}$'),
  phone text,
  email text CHECK (email LIKE '%_@_%'),
  timezone text,
  manager_id uuid REFERENCES users (id),
  is_default boolean NOT NULL DEFAULT false,
  allow_negative_stock boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'closed')),
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT warehouses_code_key UNIQUE (code)
);
CREATE INDEX warehouses_manager_id_idx ON warehouses (manager_id);
-- At most one default warehouse.
CREATE UNIQUE INDEX warehouses_one_default_idx ON warehouses (is_default) WHERE is_default;

CREATE TABLE zones (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL DEFAULT 'storage'
    CHECK (kind IN ('storage', 'receiving', 'picking', 'packing', 'shipping', 'quarantine', 'returns')),
  is_temperature_controlled boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT zones_warehouse_code_key UNIQUE (warehouse_id, code)
);

CREATE TABLE bins (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  zone_id uuid NOT NULL REFERENCES zones (id),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  barcode text,
  aisle text,
  rack text,
  shelf text,
  position text,
  max_weight numeric(18,4) CHECK (max_weight > 0),
  max_volume numeric(18,4) CHECK (max_volume > 0),
  is_pickable boolean NOT NULL DEFAULT true,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'inactive')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bins_zone_code_key UNIQUE (zone_id, code),
  CONSTRAINT bins_barcode_key UNIQUE (barcode)
);

-- Production/receipt lots of a product, for traceability and expiry (FEFO) handling.
CREATE TABLE lots (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  lot_number text NOT NULL CHECK (length(lot_number) BETWEEN 1 AND 64),
  supplier_lot_number text,
  manufactured_on date,
  expires_on date,
  received_at timestamptz,
  status text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'quarantined', 'expired', 'recalled')),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT lots_product_lot_number_key UNIQUE (product_id, lot_number),
  CONSTRAINT lots_expiry_order CHECK (expires_on IS NULL OR manufactured_on IS NULL OR expires_on >= manufactured_on)
);
CREATE INDEX lots_product_variant_id_idx ON lots (product_variant_id);
CREATE INDEX lots_expires_on_idx ON lots (expires_on);

-- One row per serialised unit, with where it is now and the order line it was sold on.
CREATE TABLE serial_numbers (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  lot_id uuid REFERENCES lots (id),
  serial_number text NOT NULL CHECK (length(serial_number) BETWEEN 1 AND 100),
  warehouse_id uuid REFERENCES warehouses (id),
  bin_id uuid REFERENCES bins (id),
  order_item_id uuid REFERENCES order_items (id),
  status text NOT NULL DEFAULT 'in_stock'
    CHECK (status IN ('in_stock', 'reserved', 'in_transit', 'sold', 'returned', 'scrapped')),
  received_at timestamptz,
  sold_at timestamptz,
  warranty_expires_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT serial_numbers_product_serial_key UNIQUE (product_id, serial_number),
  CONSTRAINT serial_numbers_sold_order CHECK (sold_at IS NULL OR received_at IS NULL OR sold_at >= received_at),
  CONSTRAINT serial_numbers_in_stock_located CHECK (status <> 'in_stock' OR warehouse_id IS NOT NULL)
);
CREATE INDEX serial_numbers_product_variant_id_idx ON serial_numbers (product_variant_id);
CREATE INDEX serial_numbers_lot_id_idx ON serial_numbers (lot_id);
CREATE INDEX serial_numbers_warehouse_id_idx ON serial_numbers (warehouse_id);
CREATE INDEX serial_numbers_bin_id_idx ON serial_numbers (bin_id);
CREATE INDEX serial_numbers_order_item_id_idx ON serial_numbers (order_item_id);

-- Stock by location: product (and variant) in a warehouse, optionally in a bin and lot.
-- The tracking flags say whether movements of this item must name a lot / serial numbers.
CREATE TABLE stock_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  bin_id uuid REFERENCES bins (id),
  lot_id uuid REFERENCES lots (id),
  is_lot_tracked boolean NOT NULL DEFAULT false,
  is_serial_tracked boolean NOT NULL DEFAULT false,
  quantity numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity >= 0),
  quantity_reserved numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_reserved >= 0),
  last_movement_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_items_location_key UNIQUE NULLS NOT DISTINCT (product_id, product_variant_id, warehouse_id, bin_id, lot_id),
  CONSTRAINT stock_items_reserved_le_quantity CHECK (quantity_reserved <= quantity),
  CONSTRAINT stock_items_lot_when_tracked CHECK (NOT is_lot_tracked OR lot_id IS NOT NULL)
);
CREATE INDEX stock_items_product_variant_id_idx ON stock_items (product_variant_id);
CREATE INDEX stock_items_warehouse_id_idx ON stock_items (warehouse_id);
CREATE INDEX stock_items_bin_id_idx ON stock_items (bin_id);
CREATE INDEX stock_items_lot_id_idx ON stock_items (lot_id);

-- Stock levels per product (and variant) and warehouse: the figure sales and purchasing read.
CREATE TABLE inventory (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  quantity_on_hand numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_on_hand >= 0),
  quantity_reserved numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_reserved >= 0),
  quantity_incoming numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_incoming >= 0),
  quantity_available numeric(18,4) GENERATED ALWAYS AS (quantity_on_hand - quantity_reserved) STORED,
  reorder_point numeric(18,4) NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
  reorder_quantity numeric(18,4) NOT NULL DEFAULT 0 CHECK (reorder_quantity >= 0),
  safety_stock numeric(18,4) NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
  last_counted_at timestamptz,
  last_movement_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Moving-average unit cost, updated by every receipt (template version 3).
  average_cost numeric(18,4) NOT NULL DEFAULT 0 CHECK (average_cost >= 0),
  CONSTRAINT inventory_product_variant_warehouse_key UNIQUE NULLS NOT DISTINCT (product_id, product_variant_id, warehouse_id),
  CONSTRAINT inventory_reserved_le_on_hand CHECK (quantity_reserved <= quantity_on_hand)
);
CREATE INDEX inventory_product_variant_id_idx ON inventory (product_variant_id);
CREATE INDEX inventory_warehouse_id_idx ON inventory (warehouse_id);

-- Append-only stock ledger. quantity is signed: positive in, negative out; adjustments either way.
-- reference_type/reference_id name the source document (order, transfer, receipt, ...) without an FK.
CREATE TABLE stock_movements (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  bin_id uuid REFERENCES bins (id),
  lot_id uuid REFERENCES lots (id),
  serial_number_id uuid REFERENCES serial_numbers (id),
  movement_type text NOT NULL DEFAULT 'opening'
    CHECK (movement_type IN ('opening', 'receipt', 'issue', 'adjustment', 'transfer_in', 'transfer_out', 'sale', 'return')),
  quantity numeric(18,4) NOT NULL CHECK (quantity <> 0),
  unit_cost numeric(18,4) CHECK (unit_cost >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  reference_type text CHECK (reference_type ~ '^[a-z][a-z0-9_]{0,62}$'),
  reference_id uuid,
  moved_at timestamptz NOT NULL DEFAULT now(),
  note text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_movements_sign CHECK (
    (movement_type IN ('opening', 'receipt', 'transfer_in', 'return') AND quantity > 0)
    OR (movement_type IN ('issue', 'transfer_out', 'sale') AND quantity < 0)
    OR movement_type = 'adjustment'
  ),
  CONSTRAINT stock_movements_reference_pair CHECK ((reference_type IS NULL) = (reference_id IS NULL))
);
CREATE INDEX stock_movements_product_id_idx ON stock_movements (product_id);
CREATE INDEX stock_movements_product_variant_id_idx ON stock_movements (product_variant_id);
CREATE INDEX stock_movements_warehouse_id_idx ON stock_movements (warehouse_id);
CREATE INDEX stock_movements_bin_id_idx ON stock_movements (bin_id);
CREATE INDEX stock_movements_lot_id_idx ON stock_movements (lot_id);
CREATE INDEX stock_movements_serial_number_id_idx ON stock_movements (serial_number_id);
CREATE INDEX stock_movements_created_by_idx ON stock_movements (created_by);
CREATE INDEX stock_movements_reference_idx ON stock_movements (reference_type, reference_id);
CREATE INDEX stock_movements_moved_at_idx ON stock_movements (moved_at);

-- Stock held for an order line until it is picked (fulfilled) or let go (released/expired).
CREATE TABLE stock_reservations (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  order_id uuid NOT NULL REFERENCES orders (id),
  order_item_id uuid REFERENCES order_items (id),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  bin_id uuid REFERENCES bins (id),
  lot_id uuid REFERENCES lots (id),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'fulfilled', 'released', 'expired', 'cancelled')),
  reserved_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  released_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_reservations_expiry_order CHECK (expires_at IS NULL OR expires_at >= reserved_at),
  CONSTRAINT stock_reservations_release_order CHECK (released_at IS NULL OR released_at >= reserved_at)
);
CREATE INDEX stock_reservations_order_id_idx ON stock_reservations (order_id);
CREATE INDEX stock_reservations_order_item_id_idx ON stock_reservations (order_item_id);
CREATE INDEX stock_reservations_product_id_idx ON stock_reservations (product_id);
CREATE INDEX stock_reservations_product_variant_id_idx ON stock_reservations (product_variant_id);
CREATE INDEX stock_reservations_warehouse_id_idx ON stock_reservations (warehouse_id);
CREATE INDEX stock_reservations_bin_id_idx ON stock_reservations (bin_id);
CREATE INDEX stock_reservations_lot_id_idx ON stock_reservations (lot_id);
CREATE INDEX stock_reservations_created_by_idx ON stock_reservations (created_by);

CREATE TABLE stock_transfers (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  transfer_number text NOT NULL CHECK (length(transfer_number) BETWEEN 1 AND 40),
  from_warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  to_warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'requested', 'approved', 'in_transit', 'received', 'cancelled')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  shipped_at timestamptz,
  expected_at timestamptz,
  received_at timestamptz,
  carrier text,
  tracking_number text,
  note text,
  requested_by uuid REFERENCES users (id),
  approved_by uuid REFERENCES users (id),
  received_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_transfers_transfer_number_key UNIQUE (transfer_number),
  CONSTRAINT stock_transfers_distinct_warehouses CHECK (from_warehouse_id <> to_warehouse_id),
  CONSTRAINT stock_transfers_shipped_order CHECK (shipped_at IS NULL OR shipped_at >= requested_at),
  CONSTRAINT stock_transfers_received_order CHECK (
    received_at IS NULL OR (received_at >= requested_at AND (shipped_at IS NULL OR received_at >= shipped_at))
  )
);
CREATE INDEX stock_transfers_from_warehouse_id_idx ON stock_transfers (from_warehouse_id);
CREATE INDEX stock_transfers_to_warehouse_id_idx ON stock_transfers (to_warehouse_id);
CREATE INDEX stock_transfers_requested_by_idx ON stock_transfers (requested_by);
CREATE INDEX stock_transfers_approved_by_idx ON stock_transfers (approved_by);
CREATE INDEX stock_transfers_received_by_idx ON stock_transfers (received_by);

CREATE TABLE stock_transfer_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  stock_transfer_id uuid NOT NULL REFERENCES stock_transfers (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  lot_id uuid REFERENCES lots (id),
  from_bin_id uuid REFERENCES bins (id),
  to_bin_id uuid REFERENCES bins (id),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  quantity_shipped numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_shipped >= 0),
  quantity_received numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_received >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The source warehouse's average cost the line shipped at: it travels with the goods and is the
  -- cost they enter the destination at (template version 4).
  unit_cost numeric(18,4) NOT NULL DEFAULT 0 CHECK (unit_cost >= 0),
  CONSTRAINT stock_transfer_items_shipped_le_quantity CHECK (quantity_shipped <= quantity),
  CONSTRAINT stock_transfer_items_received_le_shipped CHECK (quantity_received <= quantity_shipped)
);
CREATE INDEX stock_transfer_items_stock_transfer_id_idx ON stock_transfer_items (stock_transfer_id);
CREATE INDEX stock_transfer_items_product_id_idx ON stock_transfer_items (product_id);
CREATE INDEX stock_transfer_items_product_variant_id_idx ON stock_transfer_items (product_variant_id);
CREATE INDEX stock_transfer_items_lot_id_idx ON stock_transfer_items (lot_id);
CREATE INDEX stock_transfer_items_from_bin_id_idx ON stock_transfer_items (from_bin_id);
CREATE INDEX stock_transfer_items_to_bin_id_idx ON stock_transfer_items (to_bin_id);

CREATE TABLE stock_adjustments (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  adjustment_number text NOT NULL CHECK (length(adjustment_number) BETWEEN 1 AND 40),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  reason text NOT NULL DEFAULT 'correction'
    CHECK (reason IN ('correction', 'damage', 'loss', 'theft', 'found', 'expiry', 'write_off', 'count', 'other')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'posted', 'cancelled')),
  adjusted_at timestamptz NOT NULL DEFAULT now(),
  posted_at timestamptz,
  note text,
  created_by uuid REFERENCES users (id),
  approved_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_adjustments_adjustment_number_key UNIQUE (adjustment_number),
  CONSTRAINT stock_adjustments_posted_order CHECK (posted_at IS NULL OR posted_at >= adjusted_at),
  CONSTRAINT stock_adjustments_posted_dated CHECK (status <> 'posted' OR posted_at IS NOT NULL)
);
CREATE INDEX stock_adjustments_warehouse_id_idx ON stock_adjustments (warehouse_id);
CREATE INDEX stock_adjustments_created_by_idx ON stock_adjustments (created_by);
CREATE INDEX stock_adjustments_approved_by_idx ON stock_adjustments (approved_by);

CREATE TABLE stock_adjustment_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  stock_adjustment_id uuid NOT NULL REFERENCES stock_adjustments (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  bin_id uuid REFERENCES bins (id),
  lot_id uuid REFERENCES lots (id),
  quantity_before numeric(18,4) CHECK (quantity_before >= 0),
  quantity_change numeric(18,4) NOT NULL CHECK (quantity_change <> 0),
  unit_cost numeric(18,4) CHECK (unit_cost >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_adjustment_items_not_below_zero CHECK (quantity_before IS NULL OR quantity_before + quantity_change >= 0)
);
CREATE INDEX stock_adjustment_items_stock_adjustment_id_idx ON stock_adjustment_items (stock_adjustment_id);
CREATE INDEX stock_adjustment_items_product_id_idx ON stock_adjustment_items (product_id);
CREATE INDEX stock_adjustment_items_product_variant_id_idx ON stock_adjustment_items (product_variant_id);
CREATE INDEX stock_adjustment_items_bin_id_idx ON stock_adjustment_items (bin_id);
CREATE INDEX stock_adjustment_items_lot_id_idx ON stock_adjustment_items (lot_id);

-- Recurring cycle-count plans (e.g. count zone A every week, class C items every quarter).
CREATE TABLE cycle_count_schedules (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  zone_id uuid REFERENCES zones (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  frequency text NOT NULL DEFAULT 'monthly'
    CHECK (frequency IN ('daily', 'weekly', 'monthly', 'quarterly', 'yearly')),
  abc_class char(1) CHECK (abc_class IN ('A', 'B', 'C')),
  last_run_on date,
  next_run_on date,
  assigned_to uuid REFERENCES users (id),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT cycle_count_schedules_run_order CHECK (next_run_on IS NULL OR last_run_on IS NULL OR next_run_on > last_run_on)
);
CREATE INDEX cycle_count_schedules_warehouse_id_idx ON cycle_count_schedules (warehouse_id);
CREATE INDEX cycle_count_schedules_zone_id_idx ON cycle_count_schedules (zone_id);
CREATE INDEX cycle_count_schedules_assigned_to_idx ON cycle_count_schedules (assigned_to);

CREATE TABLE stock_counts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  count_number text NOT NULL CHECK (length(count_number) BETWEEN 1 AND 40),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  zone_id uuid REFERENCES zones (id),
  cycle_count_schedule_id uuid REFERENCES cycle_count_schedules (id),
  stock_adjustment_id uuid REFERENCES stock_adjustments (id),
  kind text NOT NULL DEFAULT 'cycle' CHECK (kind IN ('cycle', 'full', 'spot')),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'in_progress', 'completed', 'posted', 'cancelled')),
  is_blind boolean NOT NULL DEFAULT true,
  scheduled_on date,
  started_at timestamptz,
  completed_at timestamptz,
  note text,
  assigned_to uuid REFERENCES users (id),
  approved_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- When the differences were posted (template version 4).
  posted_at timestamptz,
  CONSTRAINT stock_counts_count_number_key UNIQUE (count_number),
  CONSTRAINT stock_counts_completed_order CHECK (completed_at IS NULL OR started_at IS NULL OR completed_at >= started_at),
  CONSTRAINT stock_counts_posted_dated CHECK (status <> 'posted' OR posted_at IS NOT NULL)
);
CREATE INDEX stock_counts_warehouse_id_idx ON stock_counts (warehouse_id);
CREATE INDEX stock_counts_zone_id_idx ON stock_counts (zone_id);
CREATE INDEX stock_counts_cycle_count_schedule_id_idx ON stock_counts (cycle_count_schedule_id);
CREATE INDEX stock_counts_stock_adjustment_id_idx ON stock_counts (stock_adjustment_id);
CREATE INDEX stock_counts_assigned_to_idx ON stock_counts (assigned_to);
CREATE INDEX stock_counts_approved_by_idx ON stock_counts (approved_by);

CREATE TABLE stock_count_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  stock_count_id uuid NOT NULL REFERENCES stock_counts (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  bin_id uuid REFERENCES bins (id),
  lot_id uuid REFERENCES lots (id),
  expected_quantity numeric(18,4) NOT NULL DEFAULT 0 CHECK (expected_quantity >= 0),
  counted_quantity numeric(18,4) CHECK (counted_quantity >= 0),
  variance numeric(18,4) GENERATED ALWAYS AS (counted_quantity - expected_quantity) STORED,
  counted_at timestamptz,
  counted_by uuid REFERENCES users (id),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The book quantity of the line (stock level, or the bin's quantity for a bin line) at the moment
  -- it was counted: posting adjusts by counted - book_quantity, so movements made after the line
  -- was counted stay (template version 4).
  book_quantity numeric(18,4) CHECK (book_quantity >= 0),
  -- The average cost the difference was posted at (template version 4).
  unit_cost numeric(18,4) CHECK (unit_cost >= 0),
  CONSTRAINT stock_count_items_line_key UNIQUE NULLS NOT DISTINCT (stock_count_id, product_id, product_variant_id, bin_id, lot_id),
  CONSTRAINT stock_count_items_counted_dated CHECK ((counted_quantity IS NULL) = (counted_at IS NULL)),
  CONSTRAINT stock_count_items_book_when_counted CHECK ((counted_quantity IS NULL) = (book_quantity IS NULL))
);
CREATE INDEX stock_count_items_product_id_idx ON stock_count_items (product_id);
CREATE INDEX stock_count_items_product_variant_id_idx ON stock_count_items (product_variant_id);
CREATE INDEX stock_count_items_bin_id_idx ON stock_count_items (bin_id);
CREATE INDEX stock_count_items_lot_id_idx ON stock_count_items (lot_id);
CREATE INDEX stock_count_items_counted_by_idx ON stock_count_items (counted_by);

-- Min/max replenishment per product and warehouse: when available stock falls to min_quantity,
-- propose enough to reach max_quantity (rounded up to multiples of reorder_multiple).
CREATE TABLE reorder_rules (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  min_quantity numeric(18,4) NOT NULL DEFAULT 0 CHECK (min_quantity >= 0),
  max_quantity numeric(18,4) NOT NULL CHECK (max_quantity > 0),
  reorder_multiple numeric(18,4) NOT NULL DEFAULT 1 CHECK (reorder_multiple > 0),
  lead_time_days integer NOT NULL DEFAULT 0 CHECK (lead_time_days >= 0),
  replenish_from text NOT NULL DEFAULT 'purchase' CHECK (replenish_from IN ('purchase', 'transfer', 'manufacture')),
  source_warehouse_id uuid REFERENCES warehouses (id),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reorder_rules_product_warehouse_key UNIQUE NULLS NOT DISTINCT (product_id, product_variant_id, warehouse_id),
  CONSTRAINT reorder_rules_min_le_max CHECK (min_quantity <= max_quantity),
  CONSTRAINT reorder_rules_transfer_source CHECK (
    ((replenish_from = 'transfer') = (source_warehouse_id IS NOT NULL))
    AND source_warehouse_id IS DISTINCT FROM warehouse_id
  )
);
CREATE INDEX reorder_rules_product_variant_id_idx ON reorder_rules (product_variant_id);
CREATE INDEX reorder_rules_warehouse_id_idx ON reorder_rules (warehouse_id);
CREATE INDEX reorder_rules_source_warehouse_id_idx ON reorder_rules (source_warehouse_id);

-- A picking run in one warehouse, for one order or a wave of orders (order_id null).
CREATE TABLE pick_lists (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  pick_list_number text NOT NULL CHECK (length(pick_list_number) BETWEEN 1 AND 40),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  order_id uuid REFERENCES orders (id),
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'in_progress', 'picked', 'partially_picked', 'cancelled')),
  priority integer NOT NULL DEFAULT 0,
  assigned_to uuid REFERENCES users (id),
  started_at timestamptz,
  completed_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT pick_lists_pick_list_number_key UNIQUE (pick_list_number),
  CONSTRAINT pick_lists_completed_order CHECK (completed_at IS NULL OR started_at IS NULL OR completed_at >= started_at)
);
CREATE INDEX pick_lists_warehouse_id_idx ON pick_lists (warehouse_id);
CREATE INDEX pick_lists_order_id_idx ON pick_lists (order_id);
CREATE INDEX pick_lists_assigned_to_idx ON pick_lists (assigned_to);
CREATE INDEX pick_lists_created_by_idx ON pick_lists (created_by);

CREATE TABLE pick_list_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  pick_list_id uuid NOT NULL REFERENCES pick_lists (id) ON DELETE CASCADE,
  order_item_id uuid REFERENCES order_items (id),
  stock_reservation_id uuid REFERENCES stock_reservations (id),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  bin_id uuid REFERENCES bins (id),
  lot_id uuid REFERENCES lots (id),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  quantity_picked numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_picked >= 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'picked', 'short', 'skipped')),
  sequence integer NOT NULL DEFAULT 0,
  picked_at timestamptz,
  picked_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT pick_list_items_picked_le_quantity CHECK (quantity_picked <= quantity)
);
CREATE INDEX pick_list_items_pick_list_id_idx ON pick_list_items (pick_list_id);
CREATE INDEX pick_list_items_order_item_id_idx ON pick_list_items (order_item_id);
CREATE INDEX pick_list_items_stock_reservation_id_idx ON pick_list_items (stock_reservation_id);
CREATE INDEX pick_list_items_product_id_idx ON pick_list_items (product_id);
CREATE INDEX pick_list_items_product_variant_id_idx ON pick_list_items (product_variant_id);
CREATE INDEX pick_list_items_bin_id_idx ON pick_list_items (bin_id);
CREATE INDEX pick_list_items_lot_id_idx ON pick_list_items (lot_id);
CREATE INDEX pick_list_items_picked_by_idx ON pick_list_items (picked_by);

-- The warehouse a (sales) shipment leaves from, and its dispatch progress there.
CREATE TABLE warehouse_shipments (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  shipment_id uuid NOT NULL REFERENCES shipments (id),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  pick_list_id uuid REFERENCES pick_lists (id),
  dock_door text,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'picking', 'packed', 'dispatched', 'cancelled')),
  dispatched_at timestamptz,
  dispatched_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT warehouse_shipments_shipment_id_key UNIQUE (shipment_id),
  CONSTRAINT warehouse_shipments_dispatched_dated CHECK (status <> 'dispatched' OR dispatched_at IS NOT NULL)
);
CREATE INDEX warehouse_shipments_warehouse_id_idx ON warehouse_shipments (warehouse_id);
CREATE INDEX warehouse_shipments_pick_list_id_idx ON warehouse_shipments (pick_list_id);
CREATE INDEX warehouse_shipments_dispatched_by_idx ON warehouse_shipments (dispatched_by);

CREATE TABLE packing_slips (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  packing_slip_number text NOT NULL CHECK (length(packing_slip_number) BETWEEN 1 AND 40),
  shipment_id uuid NOT NULL REFERENCES shipments (id),
  order_id uuid NOT NULL REFERENCES orders (id),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  pick_list_id uuid REFERENCES pick_lists (id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'packed', 'printed', 'cancelled')),
  package_count integer NOT NULL DEFAULT 1 CHECK (package_count > 0),
  total_weight numeric(18,4) CHECK (total_weight >= 0),
  packed_at timestamptz,
  packed_by uuid REFERENCES users (id),
  printed_at timestamptz,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT packing_slips_packing_slip_number_key UNIQUE (packing_slip_number),
  CONSTRAINT packing_slips_printed_order CHECK (printed_at IS NULL OR packed_at IS NULL OR printed_at >= packed_at)
);
CREATE INDEX packing_slips_shipment_id_idx ON packing_slips (shipment_id);
CREATE INDEX packing_slips_order_id_idx ON packing_slips (order_id);
CREATE INDEX packing_slips_warehouse_id_idx ON packing_slips (warehouse_id);
CREATE INDEX packing_slips_pick_list_id_idx ON packing_slips (pick_list_id);
CREATE INDEX packing_slips_packed_by_idx ON packing_slips (packed_by);

CREATE TABLE packing_slip_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  packing_slip_id uuid NOT NULL REFERENCES packing_slips (id) ON DELETE CASCADE,
  order_item_id uuid NOT NULL REFERENCES order_items (id),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  lot_id uuid REFERENCES lots (id),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  package_number integer NOT NULL DEFAULT 1 CHECK (package_number > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX packing_slip_items_packing_slip_id_idx ON packing_slip_items (packing_slip_id);
CREATE INDEX packing_slip_items_order_item_id_idx ON packing_slip_items (order_item_id);
CREATE INDEX packing_slip_items_product_id_idx ON packing_slip_items (product_id);
CREATE INDEX packing_slip_items_product_variant_id_idx ON packing_slip_items (product_variant_id);
CREATE INDEX packing_slip_items_lot_id_idx ON packing_slip_items (lot_id);

-- Inspection and disposition of returned goods as they arrive at a warehouse.
CREATE TABLE return_inspections (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  sales_return_id uuid NOT NULL REFERENCES sales_returns (id),
  order_item_id uuid NOT NULL REFERENCES order_items (id),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  bin_id uuid REFERENCES bins (id),
  lot_id uuid REFERENCES lots (id),
  serial_number_id uuid REFERENCES serial_numbers (id),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  condition text NOT NULL DEFAULT 'new' CHECK (condition IN ('new', 'opened', 'used', 'damaged', 'defective')),
  disposition text NOT NULL DEFAULT 'restock'
    CHECK (disposition IN ('restock', 'refurbish', 'quarantine', 'return_to_vendor', 'scrap')),
  inspected_at timestamptz NOT NULL DEFAULT now(),
  inspected_by uuid REFERENCES users (id),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX return_inspections_sales_return_id_idx ON return_inspections (sales_return_id);
CREATE INDEX return_inspections_order_item_id_idx ON return_inspections (order_item_id);
CREATE INDEX return_inspections_warehouse_id_idx ON return_inspections (warehouse_id);
CREATE INDEX return_inspections_bin_id_idx ON return_inspections (bin_id);
CREATE INDEX return_inspections_lot_id_idx ON return_inspections (lot_id);
CREATE INDEX return_inspections_serial_number_id_idx ON return_inspections (serial_number_id);
CREATE INDEX return_inspections_inspected_by_idx ON return_inspections (inspected_by);

-- FIFO cost layers: each receipt opens a layer; issues consume quantity_remaining oldest first.
CREATE TABLE inventory_cost_layers (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  lot_id uuid REFERENCES lots (id),
  stock_movement_id uuid NOT NULL REFERENCES stock_movements (id),
  received_at timestamptz NOT NULL DEFAULT now(),
  quantity_received numeric(18,4) NOT NULL CHECK (quantity_received > 0),
  quantity_remaining numeric(18,4) NOT NULL CHECK (quantity_remaining >= 0),
  unit_cost numeric(18,4) NOT NULL CHECK (unit_cost >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT inventory_cost_layers_stock_movement_id_key UNIQUE (stock_movement_id),
  CONSTRAINT inventory_cost_layers_remaining_le_received CHECK (quantity_remaining <= quantity_received)
);
CREATE INDEX inventory_cost_layers_product_id_idx ON inventory_cost_layers (product_id);
CREATE INDEX inventory_cost_layers_product_variant_id_idx ON inventory_cost_layers (product_variant_id);
CREATE INDEX inventory_cost_layers_warehouse_id_idx ON inventory_cost_layers (warehouse_id);
CREATE INDEX inventory_cost_layers_lot_id_idx ON inventory_cost_layers (lot_id);
-- Open layers in FIFO order for one product in one warehouse.
CREATE INDEX inventory_cost_layers_open_idx ON inventory_cost_layers (product_id, warehouse_id, received_at)
  WHERE quantity_remaining > 0;

-- Periodic stock valuation snapshots (e.g. month end), per product, warehouse and method.
CREATE TABLE inventory_valuations (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  warehouse_id uuid NOT NULL REFERENCES warehouses (id),
  valuation_date date NOT NULL,
  method text NOT NULL DEFAULT 'fifo' CHECK (method IN ('fifo', 'weighted_average', 'standard', 'lifo')),
  quantity numeric(18,4) NOT NULL CHECK (quantity >= 0),
  unit_cost numeric(18,4) NOT NULL CHECK (unit_cost >= 0),
  total_value numeric(18,4) NOT NULL CHECK (total_value >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  computed_at timestamptz NOT NULL DEFAULT now(),
  computed_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT inventory_valuations_key UNIQUE NULLS NOT DISTINCT (product_id, product_variant_id, warehouse_id, valuation_date, method)
);
CREATE INDEX inventory_valuations_product_variant_id_idx ON inventory_valuations (product_variant_id);
CREATE INDEX inventory_valuations_warehouse_id_idx ON inventory_valuations (warehouse_id);
CREATE INDEX inventory_valuations_computed_by_idx ON inventory_valuations (computed_by);
CREATE INDEX inventory_valuations_valuation_date_idx ON inventory_valuations (valuation_date);

-- Sentences for the rules above whose definition does not read as one; the API answers a
-- violation with them (every other rule's sentence is derived from its definition by `pnpm db:types`).
COMMENT ON CONSTRAINT reorder_rules_transfer_source ON reorder_rules IS 'source_warehouse_id is required when replenish_from is ''transfer'' (and only then), and must differ from warehouse_id.';
COMMENT ON CONSTRAINT stock_adjustment_items_not_below_zero ON stock_adjustment_items IS 'quantity_change must not take the quantity below zero.';
COMMENT ON CONSTRAINT stock_movements_sign ON stock_movements IS 'quantity must be positive for ''opening'', ''receipt'', ''transfer_in'' and ''return'' movements, and negative for ''issue'', ''transfer_out'' and ''sale''.';
COMMENT ON CONSTRAINT stock_transfers_received_order ON stock_transfers IS 'received_at must be on or after requested_at and shipped_at.';
COMMENT ON CONSTRAINT stock_count_items_book_when_counted ON stock_count_items IS 'book_quantity is recorded together with counted_quantity (and only then).';

-- Posted and cancelled stock counts are final, and so are received and cancelled transfers: the
-- database refuses to change or delete them or their lines, whoever writes (API, seed, psql as the
-- tenant role); a wrong count is corrected by a new count or an adjustment (template version 4).
-- The functions name their tables through TG_TABLE_SCHEMA, as the books' rules do (05_finance.sql).
CREATE FUNCTION stock_counts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('posted', 'cancelled') THEN
    RAISE EXCEPTION 'Stock count % is %, and cannot be changed or deleted: count again or adjust the stock instead.', OLD.count_number, OLD.status
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'stock_counts_posted_frozen';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER stock_counts_posted_frozen BEFORE UPDATE OR DELETE ON stock_counts
  FOR EACH ROW EXECUTE FUNCTION stock_counts_guard();

CREATE FUNCTION stock_count_items_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  number text;
  state text;
BEGIN
  EXECUTE format('SELECT count_number, status FROM %I.stock_counts WHERE id = $1', TG_TABLE_SCHEMA)
    INTO number, state USING CASE TG_OP WHEN 'DELETE' THEN OLD.stock_count_id ELSE NEW.stock_count_id END;
  IF state IN ('posted', 'cancelled') THEN
    RAISE EXCEPTION 'Stock count % is %, and its lines cannot be changed: count again or adjust the stock instead.', number, state
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'stock_counts_posted_frozen';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER stock_count_items_posted_frozen BEFORE INSERT OR UPDATE OR DELETE ON stock_count_items
  FOR EACH ROW EXECUTE FUNCTION stock_count_items_guard();

CREATE FUNCTION stock_transfers_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('received', 'cancelled') THEN
    RAISE EXCEPTION 'Stock transfer % is %, and cannot be changed or deleted: transfer the goods back instead.', OLD.transfer_number, OLD.status
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'stock_transfers_received_frozen';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER stock_transfers_received_frozen BEFORE UPDATE OR DELETE ON stock_transfers
  FOR EACH ROW EXECUTE FUNCTION stock_transfers_guard();

-- A line of a received or cancelled transfer is final too (lines are written with their transfer,
-- so inserts stay allowed: the direct transfer inserts a received transfer with its line).
CREATE FUNCTION stock_transfer_items_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  number text;
  state text;
BEGIN
  EXECUTE format('SELECT transfer_number, status FROM %I.stock_transfers WHERE id = $1', TG_TABLE_SCHEMA)
    INTO number, state USING OLD.stock_transfer_id;
  IF state IN ('received', 'cancelled') THEN
    RAISE EXCEPTION 'Stock transfer % is %, and its lines cannot be changed: transfer the goods back instead.', number, state
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'stock_transfers_received_frozen';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER stock_transfer_items_received_frozen BEFORE UPDATE OR DELETE ON stock_transfer_items
  FOR EACH ROW EXECUTE FUNCTION stock_transfer_items_guard();
