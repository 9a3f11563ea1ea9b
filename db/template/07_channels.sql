-- 07_channels: sales channels and partner networks.
-- Online stores, retail outlets and marketplaces, plus dealers, franchisees and community partners,
-- their territories, and the commissions and royalties they earn.

CREATE TABLE channels (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind text NOT NULL DEFAULT 'online'
        CHECK (kind IN ('online', 'retail', 'marketplace', 'dealer', 'franchise', 'community')),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'archived')),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    -- warehouse that fulfils this channel's orders by default
    default_warehouse_id uuid REFERENCES warehouses (id),
    website_url text,
    attributes jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX channels_default_warehouse_id_idx ON channels (default_warehouse_id);

-- Sales territories (regions, states, cities), nested through parent_id.
CREATE TABLE territories (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    parent_id uuid REFERENCES territories (id),
    country_code char(2) CHECK (country_code ~ '^[A-Z]{2}$'),
    region text,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    attributes jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX territories_parent_id_idx ON territories (parent_id);

-- Seller accounts on third-party marketplaces (one channel may hold several accounts).
CREATE TABLE marketplace_accounts (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    channel_id uuid NOT NULL REFERENCES channels (id),
    marketplace text NOT NULL CHECK (length(marketplace) BETWEEN 1 AND 100),
    external_account_id text NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    region text,
    status text NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'suspended', 'disconnected', 'closed')),
    last_synced_at timestamptz,
    settings jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel_id, external_account_id)
);

-- Listing of a product (or one variant) on a channel, with the channel's own SKU and price.
CREATE TABLE channel_products (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    channel_id uuid NOT NULL REFERENCES channels (id),
    product_id uuid NOT NULL REFERENCES products (id),
    product_variant_id uuid REFERENCES product_variants (id),
    marketplace_account_id uuid REFERENCES marketplace_accounts (id),
    channel_sku text NOT NULL CHECK (length(channel_sku) BETWEEN 1 AND 100),
    external_listing_id text,
    price numeric(18,4) NOT NULL CHECK (price >= 0),
    compare_at_price numeric(18,4) CHECK (compare_at_price >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    is_listed boolean NOT NULL DEFAULT false,
    listed_at timestamptz,
    delisted_at timestamptz,
    attributes jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel_id, channel_sku),
    UNIQUE NULLS NOT DISTINCT (channel_id, product_id, product_variant_id),
    CHECK (delisted_at IS NULL OR listed_at IS NULL OR delisted_at >= listed_at)
);
CREATE INDEX channel_products_product_id_idx ON channel_products (product_id);
CREATE INDEX channel_products_product_variant_id_idx ON channel_products (product_variant_id);
CREATE INDEX channel_products_marketplace_account_id_idx ON channel_products (marketplace_account_id);

-- Orders imported from a channel, mapped to the internal order.
CREATE TABLE channel_orders (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    channel_id uuid NOT NULL REFERENCES channels (id),
    order_id uuid NOT NULL UNIQUE REFERENCES orders (id),
    marketplace_account_id uuid REFERENCES marketplace_accounts (id),
    external_order_id text NOT NULL CHECK (length(external_order_id) BETWEEN 1 AND 100),
    external_status text,
    ordered_at timestamptz NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    total_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (total_amount >= 0),
    marketplace_fee numeric(18,4) NOT NULL DEFAULT 0 CHECK (marketplace_fee >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    raw_payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel_id, external_order_id)
);
CREATE INDEX channel_orders_marketplace_account_id_idx ON channel_orders (marketplace_account_id);

-- Log of stock-level pushes from our warehouses to a channel listing.
CREATE TABLE channel_inventory_sync (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    channel_id uuid NOT NULL REFERENCES channels (id),
    channel_product_id uuid NOT NULL REFERENCES channel_products (id) ON DELETE CASCADE,
    warehouse_id uuid REFERENCES warehouses (id),
    quantity numeric(18,4) NOT NULL CHECK (quantity >= 0),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'synced', 'failed', 'skipped')),
    requested_at timestamptz NOT NULL DEFAULT now(),
    synced_at timestamptz,
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    error_message text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (synced_at IS NULL OR synced_at >= requested_at)
);
CREATE INDEX channel_inventory_sync_channel_id_idx ON channel_inventory_sync (channel_id);
CREATE INDEX channel_inventory_sync_channel_product_id_idx ON channel_inventory_sync (channel_product_id);
CREATE INDEX channel_inventory_sync_warehouse_id_idx ON channel_inventory_sync (warehouse_id);

CREATE TABLE dealers (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    dealer_code text NOT NULL UNIQUE CHECK (length(dealer_code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    legal_name text,
    email text NOT NULL UNIQUE CHECK (email LIKE '%_@_%'),
    phone text,
    tax_id text,
    region text,
    tier text NOT NULL DEFAULT 'standard' CHECK (tier IN ('standard', 'silver', 'gold', 'platinum')),
    credit_limit numeric(18,4) NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
    payment_terms_days integer NOT NULL DEFAULT 30 CHECK (payment_terms_days >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'prospect', 'on_hold', 'suspended', 'terminated')),
    channel_id uuid NOT NULL REFERENCES channels (id),
    -- the dealer as a billable customer in sales
    customer_id uuid UNIQUE REFERENCES customers (id),
    -- internal account manager
    account_manager_user_id uuid REFERENCES users (id),
    onboarded_on date,
    attributes jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dealers_channel_id_idx ON dealers (channel_id);
CREATE INDEX dealers_account_manager_user_id_idx ON dealers (account_manager_user_id);

CREATE TABLE dealer_contacts (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    dealer_id uuid NOT NULL REFERENCES dealers (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    job_title text,
    email text CHECK (email LIKE '%_@_%'),
    phone text,
    is_primary boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dealer_contacts_dealer_id_idx ON dealer_contacts (dealer_id);
CREATE UNIQUE INDEX dealer_contacts_one_primary_uq ON dealer_contacts (dealer_id) WHERE is_primary;

-- Orders placed by a dealer: the dealer's own PO reference on top of the internal order.
CREATE TABLE dealer_orders (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    dealer_id uuid NOT NULL REFERENCES dealers (id),
    order_id uuid NOT NULL UNIQUE REFERENCES orders (id),
    dealer_reference text,
    placed_at timestamptz NOT NULL DEFAULT now(),
    status text NOT NULL DEFAULT 'submitted'
        CHECK (status IN ('submitted', 'credit_hold', 'approved', 'rejected', 'fulfilled', 'cancelled')),
    credit_checked_at timestamptz,
    approved_by_user_id uuid REFERENCES users (id),
    notes text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (dealer_id, dealer_reference)
);
CREATE INDEX dealer_orders_approved_by_user_id_idx ON dealer_orders (approved_by_user_id);

-- Negotiated dealer pricing: a discount or fixed price for one product, one category, or everything.
CREATE TABLE dealer_price_agreements (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    agreement_number text NOT NULL UNIQUE CHECK (length(agreement_number) BETWEEN 1 AND 50),
    dealer_id uuid NOT NULL REFERENCES dealers (id),
    product_id uuid REFERENCES products (id),
    category_id uuid REFERENCES categories (id),
    discount_percent numeric(7,4) CHECK (discount_percent BETWEEN 0 AND 100),
    fixed_price numeric(18,4) CHECK (fixed_price >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    min_quantity numeric(18,4) NOT NULL DEFAULT 0 CHECK (min_quantity >= 0),
    valid_from date NOT NULL,
    valid_to date,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'expired', 'cancelled')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (product_id IS NULL OR category_id IS NULL),
    CHECK (discount_percent IS NOT NULL OR fixed_price IS NOT NULL),
    CHECK (fixed_price IS NULL OR product_id IS NOT NULL),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX dealer_price_agreements_dealer_id_idx ON dealer_price_agreements (dealer_id);
CREATE INDEX dealer_price_agreements_product_id_idx ON dealer_price_agreements (product_id);
CREATE INDEX dealer_price_agreements_category_id_idx ON dealer_price_agreements (category_id);

CREATE TABLE franchisees (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    franchise_code text NOT NULL UNIQUE CHECK (length(franchise_code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    legal_name text,
    email text UNIQUE CHECK (email LIKE '%_@_%'),
    phone text,
    territory text NOT NULL,
    channel_id uuid REFERENCES channels (id),
    customer_id uuid UNIQUE REFERENCES customers (id),
    royalty_rate numeric(7,4) NOT NULL DEFAULT 0 CHECK (royalty_rate BETWEEN 0 AND 100),
    marketing_fee_rate numeric(7,4) NOT NULL DEFAULT 0 CHECK (marketing_fee_rate BETWEEN 0 AND 100),
    initial_fee numeric(18,4) NOT NULL DEFAULT 0 CHECK (initial_fee >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    agreement_start date NOT NULL,
    agreement_end date,
    status text NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'prospect', 'suspended', 'terminated', 'expired')),
    attributes jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (agreement_end IS NULL OR agreement_end > agreement_start)
);
CREATE INDEX franchisees_channel_id_idx ON franchisees (channel_id);

-- Royalty and marketing fees a franchisee owes for one reporting period.
CREATE TABLE franchise_royalties (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    franchisee_id uuid NOT NULL REFERENCES franchisees (id),
    period_start date NOT NULL,
    period_end date NOT NULL,
    gross_sales numeric(18,4) NOT NULL DEFAULT 0 CHECK (gross_sales >= 0),
    royalty_rate numeric(7,4) NOT NULL CHECK (royalty_rate BETWEEN 0 AND 100),
    royalty_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (royalty_amount >= 0),
    marketing_fee_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (marketing_fee_amount >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'invoiced', 'paid', 'waived', 'disputed')),
    due_date date,
    paid_at timestamptz,
    tax_invoice_id uuid REFERENCES tax_invoices (id),
    journal_entry_id uuid REFERENCES journal_entries (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (franchisee_id, period_start),
    CHECK (period_end >= period_start)
);
CREATE INDEX franchise_royalties_tax_invoice_id_idx ON franchise_royalties (tax_invoice_id);
CREATE INDEX franchise_royalties_journal_entry_id_idx ON franchise_royalties (journal_entry_id);

-- Affiliates, influencers, ambassadors and other partners who refer customers for a commission.
CREATE TABLE community_partners (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    partner_code text NOT NULL UNIQUE CHECK (length(partner_code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind text NOT NULL DEFAULT 'affiliate'
        CHECK (kind IN ('affiliate', 'influencer', 'ambassador', 'reseller', 'nonprofit', 'club')),
    email text UNIQUE CHECK (email LIKE '%_@_%'),
    phone text,
    referral_code text UNIQUE,
    commission_rate numeric(7,4) NOT NULL DEFAULT 0 CHECK (commission_rate BETWEEN 0 AND 100),
    channel_id uuid REFERENCES channels (id),
    user_id uuid UNIQUE REFERENCES users (id),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending', 'suspended', 'terminated')),
    joined_on date,
    attributes jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX community_partners_channel_id_idx ON community_partners (channel_id);

CREATE TABLE partner_referrals (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    community_partner_id uuid NOT NULL REFERENCES community_partners (id),
    customer_id uuid REFERENCES customers (id),
    order_id uuid UNIQUE REFERENCES orders (id),
    landing_page_id uuid REFERENCES cms_pages (id),
    referral_code text,
    source text,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'converted', 'rejected', 'expired')),
    referred_at timestamptz NOT NULL DEFAULT now(),
    converted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (converted_at IS NULL OR converted_at >= referred_at),
    CHECK (status <> 'converted' OR order_id IS NOT NULL)
);
CREATE INDEX partner_referrals_community_partner_id_idx ON partner_referrals (community_partner_id);
CREATE INDEX partner_referrals_customer_id_idx ON partner_referrals (customer_id);
CREATE INDEX partner_referrals_landing_page_id_idx ON partner_referrals (landing_page_id);

-- How commissions are computed for a class of beneficiary.
CREATE TABLE commission_plans (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    beneficiary_type text NOT NULL DEFAULT 'dealer'
        CHECK (beneficiary_type IN ('dealer', 'franchisee', 'community_partner')),
    basis text NOT NULL DEFAULT 'net_revenue' CHECK (basis IN ('net_revenue', 'gross_revenue', 'margin', 'units')),
    default_rate numeric(7,4) NOT NULL DEFAULT 0 CHECK (default_rate BETWEEN 0 AND 100),
    valid_from date NOT NULL,
    valid_to date,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'retired')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

-- Volume tiers of a plan: the rate applies once period sales reach min_amount.
CREATE TABLE commission_plan_tiers (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    commission_plan_id uuid NOT NULL REFERENCES commission_plans (id) ON DELETE CASCADE,
    min_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (min_amount >= 0),
    max_amount numeric(18,4),
    rate numeric(7,4) NOT NULL CHECK (rate BETWEEN 0 AND 100),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (commission_plan_id, min_amount),
    CHECK (max_amount IS NULL OR max_amount > min_amount)
);

-- One payment to one beneficiary, settling a batch of approved commissions.
CREATE TABLE commission_payouts (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    payout_number text NOT NULL UNIQUE CHECK (length(payout_number) BETWEEN 1 AND 50),
    beneficiary_type text NOT NULL CHECK (beneficiary_type IN ('dealer', 'franchisee', 'community_partner')),
    dealer_id uuid REFERENCES dealers (id),
    franchisee_id uuid REFERENCES franchisees (id),
    community_partner_id uuid REFERENCES community_partners (id),
    period_start date NOT NULL,
    period_end date NOT NULL,
    amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'paid', 'cancelled')),
    bank_account_id uuid REFERENCES bank_accounts (id),
    journal_entry_id uuid REFERENCES journal_entries (id),
    payment_reference text,
    paid_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (period_end >= period_start),
    CHECK (status <> 'paid' OR paid_at IS NOT NULL),
    CHECK ((beneficiary_type = 'dealer') = (dealer_id IS NOT NULL)
       AND (beneficiary_type = 'franchisee') = (franchisee_id IS NOT NULL)
       AND (beneficiary_type = 'community_partner') = (community_partner_id IS NOT NULL))
);
CREATE INDEX commission_payouts_dealer_id_idx ON commission_payouts (dealer_id);
CREATE INDEX commission_payouts_franchisee_id_idx ON commission_payouts (franchisee_id);
CREATE INDEX commission_payouts_community_partner_id_idx ON commission_payouts (community_partner_id);
CREATE INDEX commission_payouts_bank_account_id_idx ON commission_payouts (bank_account_id);
CREATE INDEX commission_payouts_journal_entry_id_idx ON commission_payouts (journal_entry_id);

-- Commission earned on one order by exactly one dealer, franchisee or community partner.
CREATE TABLE commissions (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    beneficiary_type text NOT NULL CHECK (beneficiary_type IN ('dealer', 'franchisee', 'community_partner')),
    dealer_id uuid REFERENCES dealers (id),
    franchisee_id uuid REFERENCES franchisees (id),
    community_partner_id uuid REFERENCES community_partners (id),
    commission_plan_id uuid REFERENCES commission_plans (id),
    order_id uuid NOT NULL REFERENCES orders (id),
    partner_referral_id uuid REFERENCES partner_referrals (id),
    commission_payout_id uuid REFERENCES commission_payouts (id),
    base_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (base_amount >= 0),
    rate numeric(7,4) NOT NULL CHECK (rate BETWEEN 0 AND 100),
    amount numeric(18,4) NOT NULL CHECK (amount >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'paid')),
    -- first day of the month the commission is booked in
    period date NOT NULL CHECK (extract(day FROM period) = 1),
    approved_at timestamptz,
    paid_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((beneficiary_type = 'dealer') = (dealer_id IS NOT NULL)
       AND (beneficiary_type = 'franchisee') = (franchisee_id IS NOT NULL)
       AND (beneficiary_type = 'community_partner') = (community_partner_id IS NOT NULL)),
    CHECK (status <> 'paid' OR commission_payout_id IS NOT NULL),
    CHECK (paid_at IS NULL OR approved_at IS NULL OR paid_at >= approved_at)
);
CREATE INDEX commissions_dealer_id_idx ON commissions (dealer_id);
CREATE INDEX commissions_franchisee_id_idx ON commissions (franchisee_id);
CREATE INDEX commissions_community_partner_id_idx ON commissions (community_partner_id);
CREATE INDEX commissions_commission_plan_id_idx ON commissions (commission_plan_id);
CREATE INDEX commissions_order_id_idx ON commissions (order_id);
CREATE INDEX commissions_partner_referral_id_idx ON commissions (partner_referral_id);
CREATE INDEX commissions_commission_payout_id_idx ON commissions (commission_payout_id);
CREATE INDEX commissions_period_status_idx ON commissions (period, status);

-- Who covers a territory: a dealer, franchisee, community partner or an internal sales user.
CREATE TABLE territory_assignments (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    territory_id uuid NOT NULL REFERENCES territories (id) ON DELETE CASCADE,
    assignee_type text NOT NULL CHECK (assignee_type IN ('dealer', 'franchisee', 'community_partner', 'user')),
    dealer_id uuid REFERENCES dealers (id),
    franchisee_id uuid REFERENCES franchisees (id),
    community_partner_id uuid REFERENCES community_partners (id),
    user_id uuid REFERENCES users (id),
    is_exclusive boolean NOT NULL DEFAULT false,
    starts_on date NOT NULL,
    ends_on date,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR ends_on >= starts_on),
    CHECK ((assignee_type = 'dealer') = (dealer_id IS NOT NULL)
       AND (assignee_type = 'franchisee') = (franchisee_id IS NOT NULL)
       AND (assignee_type = 'community_partner') = (community_partner_id IS NOT NULL)
       AND (assignee_type = 'user') = (user_id IS NOT NULL))
);
CREATE INDEX territory_assignments_territory_id_idx ON territory_assignments (territory_id);
CREATE INDEX territory_assignments_dealer_id_idx ON territory_assignments (dealer_id);
CREATE INDEX territory_assignments_franchisee_id_idx ON territory_assignments (franchisee_id);
CREATE INDEX territory_assignments_community_partner_id_idx ON territory_assignments (community_partner_id);
CREATE INDEX territory_assignments_user_id_idx ON territory_assignments (user_id);

-- Status lifecycles of channels and partners (docs/modules/channels.md): a status may only move
-- along these arrows; a row keeps its status otherwise. Terminal: archived, terminated, expired.
CREATE FUNCTION channel_status_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  allowed text[];
BEGIN
  allowed := CASE TG_TABLE_NAME
    WHEN 'channels' THEN ARRAY['active>inactive', 'inactive>active', 'active>archived', 'inactive>archived']
    WHEN 'dealers' THEN ARRAY['prospect>active', 'prospect>terminated', 'active>on_hold', 'on_hold>active',
      'active>suspended', 'on_hold>suspended', 'suspended>active', 'active>terminated', 'on_hold>terminated',
      'suspended>terminated']
    WHEN 'franchisees' THEN ARRAY['prospect>active', 'prospect>terminated', 'active>suspended', 'suspended>active',
      'active>terminated', 'suspended>terminated', 'active>expired', 'suspended>expired']
    WHEN 'community_partners' THEN ARRAY['pending>active', 'pending>terminated', 'active>suspended', 'suspended>active',
      'active>terminated', 'suspended>terminated']
  END;
  IF NOT (OLD.status || '>' || NEW.status) = ANY (coalesce(allowed, ARRAY[]::text[])) THEN
    RAISE EXCEPTION 'status cannot move from % to % (% allows: %).', OLD.status, NEW.status,
        replace(TG_TABLE_NAME, '_', ' '), array_to_string(allowed, ', ')
      USING ERRCODE = 'check_violation', CONSTRAINT = 'channel_status_transition';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER channels_status_transition BEFORE UPDATE OF status ON channels
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION channel_status_guard();
CREATE TRIGGER dealers_status_transition BEFORE UPDATE OF status ON dealers
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION channel_status_guard();
CREATE TRIGGER franchisees_status_transition BEFORE UPDATE OF status ON franchisees
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION channel_status_guard();
CREATE TRIGGER community_partners_status_transition BEFORE UPDATE OF status ON community_partners
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION channel_status_guard();

-- Which channel an order came through, and the dealer, franchisee or community partner who earns
-- commission on it (none: the channel's own sale). One row per order.
CREATE TABLE order_attributions (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    order_id uuid NOT NULL UNIQUE REFERENCES orders (id),
    channel_id uuid NOT NULL REFERENCES channels (id),
    beneficiary_type text CHECK (beneficiary_type IN ('dealer', 'franchisee', 'community_partner')),
    dealer_id uuid REFERENCES dealers (id),
    franchisee_id uuid REFERENCES franchisees (id),
    community_partner_id uuid REFERENCES community_partners (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT order_attributions_beneficiary CHECK (
        coalesce(beneficiary_type = 'dealer', false) = (dealer_id IS NOT NULL)
        AND coalesce(beneficiary_type = 'franchisee', false) = (franchisee_id IS NOT NULL)
        AND coalesce(beneficiary_type = 'community_partner', false) = (community_partner_id IS NOT NULL))
);
CREATE INDEX order_attributions_channel_id_idx ON order_attributions (channel_id);
CREATE INDEX order_attributions_dealer_id_idx ON order_attributions (dealer_id);
CREATE INDEX order_attributions_franchisee_id_idx ON order_attributions (franchisee_id);
CREATE INDEX order_attributions_community_partner_id_idx ON order_attributions (community_partner_id);

-- Commission rates: a rule applies to the orders of its channel (and of one partner, when it names
-- one), to the product lines of its category (any category when null), once the partner's
-- commissionable volume in the run reaches min_volume (volume tiers). The most specific rule wins:
-- partner before channel-wide, category before any, then the highest tier reached. Rules are never
-- edited (commission lines keep their rate): retire one and create its successor.
CREATE TABLE commission_rules (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    channel_id uuid NOT NULL REFERENCES channels (id),
    dealer_id uuid REFERENCES dealers (id),
    franchisee_id uuid REFERENCES franchisees (id),
    community_partner_id uuid REFERENCES community_partners (id),
    category_id uuid REFERENCES categories (id),
    min_volume numeric(18,4) NOT NULL DEFAULT 0 CHECK (min_volume >= 0),
    rate numeric(7,4) NOT NULL CHECK (rate BETWEEN 0 AND 100),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT commission_rules_one_partner CHECK (num_nonnulls(dealer_id, franchisee_id, community_partner_id) <= 1)
);
CREATE INDEX commission_rules_channel_id_idx ON commission_rules (channel_id);
CREATE INDEX commission_rules_dealer_id_idx ON commission_rules (dealer_id);
CREATE INDEX commission_rules_franchisee_id_idx ON commission_rules (franchisee_id);
CREATE INDEX commission_rules_community_partner_id_idx ON commission_rules (community_partner_id);
CREATE INDEX commission_rules_category_id_idx ON commission_rules (category_id);
CREATE UNIQUE INDEX commission_rules_active_uq ON commission_rules
    (channel_id, dealer_id, franchisee_id, community_partner_id, category_id, min_volume) NULLS NOT DISTINCT
    WHERE status = 'active';

-- One partner's commissions for one month: earned on the invoices of its attributed orders, less
-- what credit notes and cancelled invoices claw back. Draft until approved; approval posts the net
-- (Dr commission expense / Cr commission payable) and freezes the run and its lines.
CREATE TABLE commission_runs (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    -- first day of the month the run covers
    period date NOT NULL CHECK (extract(day FROM period) = 1),
    beneficiary_type text NOT NULL CHECK (beneficiary_type IN ('dealer', 'franchisee', 'community_partner')),
    dealer_id uuid REFERENCES dealers (id),
    franchisee_id uuid REFERENCES franchisees (id),
    community_partner_id uuid REFERENCES community_partners (id),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    -- the partner's commissionable sales in the run (net invoiced less credited): picks the tier
    volume numeric(18,4) NOT NULL DEFAULT 0,
    earned numeric(18,4) NOT NULL DEFAULT 0 CHECK (earned >= 0),
    clawed_back numeric(18,4) NOT NULL DEFAULT 0 CHECK (clawed_back >= 0),
    net_amount numeric(18,4) NOT NULL DEFAULT 0,
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    journal_entry_id uuid REFERENCES journal_entries (id),
    approved_at timestamptz,
    approved_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT commission_runs_partner_period UNIQUE NULLS NOT DISTINCT (dealer_id, franchisee_id, community_partner_id, period),
    CONSTRAINT commission_runs_beneficiary CHECK ((beneficiary_type = 'dealer') = (dealer_id IS NOT NULL)
       AND (beneficiary_type = 'franchisee') = (franchisee_id IS NOT NULL)
       AND (beneficiary_type = 'community_partner') = (community_partner_id IS NOT NULL)),
    CONSTRAINT commission_runs_net CHECK (net_amount = earned - clawed_back),
    CONSTRAINT commission_runs_approved CHECK ((status = 'approved') = (approved_at IS NOT NULL))
);
CREATE INDEX commission_runs_franchisee_id_idx ON commission_runs (franchisee_id);
CREATE INDEX commission_runs_community_partner_id_idx ON commission_runs (community_partner_id);
CREATE INDEX commission_runs_journal_entry_id_idx ON commission_runs (journal_entry_id);
CREATE INDEX commission_runs_approved_by_idx ON commission_runs (approved_by);

-- One document's commission in a run, per product category: 'earned' on an invoice, 'clawback'
-- (negative) for a credit note, or for an invoice cancelled after its commission was approved.
-- A document and category is commissioned once across all runs (the unique key): a rerun adds nothing.
CREATE TABLE commission_run_lines (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    commission_run_id uuid NOT NULL REFERENCES commission_runs (id) ON DELETE CASCADE,
    kind text NOT NULL DEFAULT 'earned' CHECK (kind IN ('earned', 'clawback')),
    order_id uuid NOT NULL REFERENCES orders (id),
    tax_invoice_id uuid NOT NULL REFERENCES tax_invoices (id),
    credit_note_id uuid REFERENCES credit_notes (id),
    category_id uuid REFERENCES categories (id),
    commission_rule_id uuid NOT NULL REFERENCES commission_rules (id),
    base_amount numeric(18,4) NOT NULL,
    rate numeric(7,4) NOT NULL CHECK (rate BETWEEN 0 AND 100),
    amount numeric(18,4) NOT NULL,
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT commission_run_lines_document UNIQUE NULLS NOT DISTINCT (kind, tax_invoice_id, credit_note_id, category_id),
    CONSTRAINT commission_run_lines_sign CHECK (CASE WHEN kind = 'earned'
        THEN base_amount >= 0 AND credit_note_id IS NULL ELSE base_amount <= 0 END),
    -- clawbacks round towards zero, so what is clawed back in parts never exceeds what was earned
    CONSTRAINT commission_run_lines_amount CHECK (amount = CASE WHEN kind = 'earned'
        THEN round(base_amount * rate / 100, 4) ELSE trunc(base_amount * rate / 100, 4) END)
);
CREATE INDEX commission_run_lines_commission_run_id_idx ON commission_run_lines (commission_run_id);
CREATE INDEX commission_run_lines_order_id_idx ON commission_run_lines (order_id);
CREATE INDEX commission_run_lines_tax_invoice_id_idx ON commission_run_lines (tax_invoice_id);
CREATE INDEX commission_run_lines_credit_note_id_idx ON commission_run_lines (credit_note_id);
CREATE INDEX commission_run_lines_category_id_idx ON commission_run_lines (category_id);
CREATE INDEX commission_run_lines_commission_rule_id_idx ON commission_run_lines (commission_rule_id);

-- An approved run is posted and final: neither it nor its lines change or go away (a correction is
-- a clawback in a later run). Tables are named through TG_TABLE_SCHEMA, not search_path.
CREATE FUNCTION commission_runs_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  run_status text;
BEGIN
  IF TG_TABLE_NAME = 'commission_runs' THEN
    IF OLD.status = 'approved' THEN
      RAISE EXCEPTION 'Commission run % is approved and cannot be changed: later corrections are clawbacks in the next run.', OLD.id
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_runs_approved_frozen';
    END IF;
  ELSE
    EXECUTE format('SELECT status FROM %I.commission_runs WHERE id = $1', TG_TABLE_SCHEMA)
      INTO run_status USING CASE WHEN TG_OP = 'INSERT' THEN NEW.commission_run_id ELSE OLD.commission_run_id END;
    IF run_status = 'approved' THEN
      RAISE EXCEPTION 'The lines of an approved commission run cannot be changed: later corrections are clawbacks in the next run.'
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_runs_approved_frozen';
    END IF;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER commission_runs_frozen BEFORE UPDATE OR DELETE ON commission_runs
  FOR EACH ROW EXECUTE FUNCTION commission_runs_guard();
CREATE TRIGGER commission_run_lines_frozen BEFORE INSERT OR UPDATE OR DELETE ON commission_run_lines
  FOR EACH ROW EXECUTE FUNCTION commission_runs_guard();

-- Rules keep what commission lines were computed with: only their status changes. An order's
-- attribution is fixed once commission has been computed on it.
CREATE FUNCTION commission_basis_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  used boolean;
BEGIN
  IF TG_TABLE_NAME = 'commission_rules' THEN
    IF TG_OP = 'DELETE' OR to_jsonb(NEW) - 'status' - 'updated_at' <> to_jsonb(OLD) - 'status' - 'updated_at' THEN
      RAISE EXCEPTION 'A commission rule cannot be changed or deleted, only retired: create a new rule instead.'
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_basis_fixed';
    END IF;
  ELSE
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.commission_run_lines WHERE order_id = $1)', TG_TABLE_SCHEMA)
      INTO used USING OLD.order_id;
    IF used AND (TG_OP = 'DELETE' OR to_jsonb(NEW) - 'updated_at' <> to_jsonb(OLD) - 'updated_at') THEN
      RAISE EXCEPTION 'The order''s attribution cannot change: commission has been computed on it.'
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_basis_fixed';
    END IF;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER commission_rules_fixed BEFORE UPDATE OR DELETE ON commission_rules
  FOR EACH ROW EXECUTE FUNCTION commission_basis_guard();
CREATE TRIGGER order_attributions_fixed BEFORE UPDATE OR DELETE ON order_attributions
  FOR EACH ROW EXECUTE FUNCTION commission_basis_guard();

-- What each partner has earned and been paid in commissions: approved is the sum of the nets of
-- the partner's approved runs (a clawback lowers it), paid the sum of their payouts. Both are kept
-- by triggers (commission_balances_keep), never written by the API. A payout may not take paid
-- above approved: the trigger checks it on the partner's row, under its lock, so of two concurrent
-- payouts of the same open amount the second sees the first. A later clawback may leave approved
-- below paid: the partner then owes the difference, and no payout passes until runs make it up.
CREATE TABLE commission_balances (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    beneficiary_type text NOT NULL CHECK (beneficiary_type IN ('dealer', 'franchisee', 'community_partner')),
    dealer_id uuid REFERENCES dealers (id),
    franchisee_id uuid REFERENCES franchisees (id),
    community_partner_id uuid REFERENCES community_partners (id),
    approved numeric(18,4) NOT NULL DEFAULT 0,
    paid numeric(18,4) NOT NULL DEFAULT 0 CHECK (paid >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT commission_balances_partner UNIQUE NULLS NOT DISTINCT (dealer_id, franchisee_id, community_partner_id),
    CONSTRAINT commission_balances_beneficiary CHECK ((beneficiary_type = 'dealer') = (dealer_id IS NOT NULL)
       AND (beneficiary_type = 'franchisee') = (franchisee_id IS NOT NULL)
       AND (beneficiary_type = 'community_partner') = (community_partner_id IS NOT NULL))
);
CREATE INDEX commission_balances_franchisee_id_idx ON commission_balances (franchisee_id);
CREATE INDEX commission_balances_community_partner_id_idx ON commission_balances (community_partner_id);

-- Approving a run adds its net to the partner's approved total; a payout adds its amount to paid
-- only while paid stays within approved (else it is refused), and is final once written (a
-- correction is a new run's clawback, never an edited payout).
CREATE FUNCTION commission_balances_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  open_amount numeric;
  changed integer;
BEGIN
  -- EXECUTE leaves FOUND alone: the row count says whether the partner's row was there (or within).
  IF TG_TABLE_NAME = 'commission_runs' THEN
    EXECUTE format('UPDATE %I.commission_balances SET approved = approved + $4, updated_at = now()
        WHERE dealer_id IS NOT DISTINCT FROM $1 AND franchisee_id IS NOT DISTINCT FROM $2
          AND community_partner_id IS NOT DISTINCT FROM $3', TG_TABLE_SCHEMA)
      USING NEW.dealer_id, NEW.franchisee_id, NEW.community_partner_id, NEW.net_amount;
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF changed = 0 THEN
      EXECUTE format('INSERT INTO %I.commission_balances (beneficiary_type, dealer_id, franchisee_id, community_partner_id,
          approved, currency) VALUES ($1, $2, $3, $4, $5, $6)', TG_TABLE_SCHEMA)
        USING NEW.beneficiary_type, NEW.dealer_id, NEW.franchisee_id, NEW.community_partner_id, NEW.net_amount, NEW.currency;
    END IF;
    RETURN NEW;
  END IF;
  -- The one change a payout takes: its gapless number and entry, stamped in its posting's statement.
  IF TG_OP = 'UPDATE' AND starts_with(OLD.payout_number, '~') AND OLD.journal_entry_id IS NULL
      AND to_jsonb(NEW) - 'payout_number' - 'journal_entry_id' - 'updated_at'
        = to_jsonb(OLD) - 'payout_number' - 'journal_entry_id' - 'updated_at' THEN
    RETURN NEW;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'Commission payout % is paid and cannot be changed or deleted.', OLD.payout_number
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_payouts_frozen';
  END IF;
  IF NEW.amount <= 0 OR NEW.status <> 'paid' THEN
    RAISE EXCEPTION 'A commission payout pays an amount above 0 and is recorded as paid.'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_payouts_within_payable';
  END IF;
  EXECUTE format('UPDATE %I.commission_balances SET paid = paid + $4, updated_at = now()
      WHERE dealer_id IS NOT DISTINCT FROM $1 AND franchisee_id IS NOT DISTINCT FROM $2
        AND community_partner_id IS NOT DISTINCT FROM $3 AND paid + $4 <= approved', TG_TABLE_SCHEMA)
    USING NEW.dealer_id, NEW.franchisee_id, NEW.community_partner_id, NEW.amount;
  GET DIAGNOSTICS changed = ROW_COUNT;
  IF changed = 0 THEN
    EXECUTE format('SELECT approved - paid FROM %I.commission_balances
        WHERE dealer_id IS NOT DISTINCT FROM $1 AND franchisee_id IS NOT DISTINCT FROM $2
          AND community_partner_id IS NOT DISTINCT FROM $3', TG_TABLE_SCHEMA)
      INTO open_amount USING NEW.dealer_id, NEW.franchisee_id, NEW.community_partner_id;
    RAISE EXCEPTION 'The partner has % commission payable: a payout of % exceeds it.', coalesce(open_amount, 0), NEW.amount
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_payouts_within_payable';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER commission_runs_balance AFTER UPDATE OF status ON commission_runs
  FOR EACH ROW WHEN (OLD.status = 'draft' AND NEW.status = 'approved') EXECUTE FUNCTION commission_balances_keep();
CREATE TRIGGER commission_payouts_within_payable BEFORE INSERT OR UPDATE OR DELETE ON commission_payouts
  FOR EACH ROW EXECUTE FUNCTION commission_balances_keep();

-- Sentences for the rules above whose definition does not read as one; the API answers a
-- violation with them (every other rule's sentence is derived from its definition by `pnpm db:types`).
COMMENT ON CONSTRAINT commission_payouts_check2 ON commission_payouts IS 'Exactly the id matching beneficiary_type must be given: dealer_id, franchisee_id or community_partner_id.';
COMMENT ON CONSTRAINT commissions_check ON commissions IS 'Exactly the id matching beneficiary_type must be given: dealer_id, franchisee_id or community_partner_id.';
COMMENT ON CONSTRAINT commissions_period_check ON commissions IS 'period must be the first day of a month.';
COMMENT ON CONSTRAINT territory_assignments_check1 ON territory_assignments IS 'Exactly the id matching assignee_type must be given: dealer_id, franchisee_id, community_partner_id or user_id.';
COMMENT ON CONSTRAINT order_attributions_beneficiary ON order_attributions IS 'Exactly the id matching beneficiary_type must be given (dealer_id, franchisee_id or community_partner_id), and none without beneficiary_type.';
COMMENT ON CONSTRAINT commission_rules_one_partner ON commission_rules IS 'A rule names at most one partner: dealer_id, franchisee_id or community_partner_id.';
COMMENT ON CONSTRAINT commission_runs_period_check ON commission_runs IS 'period must be the first day of a month.';
COMMENT ON CONSTRAINT commission_runs_beneficiary ON commission_runs IS 'Exactly the id matching beneficiary_type must be given: dealer_id, franchisee_id or community_partner_id.';
COMMENT ON CONSTRAINT commission_runs_net ON commission_runs IS 'net_amount must equal earned minus clawed_back.';
COMMENT ON CONSTRAINT commission_runs_approved ON commission_runs IS 'approved_at is set exactly when the run is approved.';
COMMENT ON CONSTRAINT commission_run_lines_sign ON commission_run_lines IS 'An earned line has a base_amount of 0 or more and no credit_note_id; a clawback line has a base_amount of 0 or less.';
COMMENT ON CONSTRAINT commission_run_lines_amount ON commission_run_lines IS 'amount must equal base_amount times rate / 100, rounded to 4 decimals (towards zero for a clawback).';
COMMENT ON CONSTRAINT commission_balances_beneficiary ON commission_balances IS 'Exactly the id matching beneficiary_type must be given: dealer_id, franchisee_id or community_partner_id.';
