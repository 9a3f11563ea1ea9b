-- 09_analytics: reporting and planning.
-- Pre-aggregated sales and inventory facts, KPIs, forecasts, demand plans and what-if scenarios,
-- plus dashboards and report definitions. Aggregate tables are rebuilt by jobs, never edited by hand.

-- Sales per day and channel; channel_id NULL is the all-channel total.
CREATE TABLE daily_sales (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    sales_date date NOT NULL,
    channel_id uuid REFERENCES channels (id),
    orders_count integer NOT NULL DEFAULT 0 CHECK (orders_count >= 0),
    units_sold numeric(18,4) NOT NULL DEFAULT 0 CHECK (units_sold >= 0),
    gross_revenue numeric(18,4) NOT NULL DEFAULT 0 CHECK (gross_revenue >= 0),
    discounts numeric(18,4) NOT NULL DEFAULT 0 CHECK (discounts >= 0),
    net_revenue numeric(18,4) NOT NULL DEFAULT 0,
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    computed_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (sales_date, channel_id),
    CHECK (net_revenue = gross_revenue - discounts)
);
CREATE INDEX daily_sales_channel_id_idx ON daily_sales (channel_id);

CREATE TABLE product_sales_daily (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    sales_date date NOT NULL,
    product_id uuid NOT NULL REFERENCES products (id),
    orders_count integer NOT NULL DEFAULT 0 CHECK (orders_count >= 0),
    units_sold numeric(18,4) NOT NULL DEFAULT 0 CHECK (units_sold >= 0),
    revenue numeric(18,4) NOT NULL DEFAULT 0 CHECK (revenue >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (sales_date, product_id)
);
CREATE INDEX product_sales_daily_product_id_idx ON product_sales_daily (product_id);

-- Sales per customer and day (template version 11): the lines of the customer's orders not
-- cancelled, by the UTC day placed, kept by the operations that place and cancel orders.
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

-- Best sellers ranked by revenue for a period (rank 1 = best).
CREATE TABLE top_products (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    period_start date NOT NULL,
    period_end date NOT NULL,
    product_id uuid NOT NULL REFERENCES products (id),
    rank integer NOT NULL CHECK (rank > 0),
    units_sold numeric(18,4) NOT NULL DEFAULT 0 CHECK (units_sold >= 0),
    revenue numeric(18,4) NOT NULL DEFAULT 0 CHECK (revenue >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (period_start, period_end, rank),
    UNIQUE (period_start, period_end, product_id),
    CHECK (period_end >= period_start)
);
CREATE INDEX top_products_product_id_idx ON top_products (product_id);

CREATE TABLE customer_metrics (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    customer_id uuid NOT NULL UNIQUE REFERENCES customers (id),
    orders_count integer NOT NULL DEFAULT 0 CHECK (orders_count >= 0),
    lifetime_value numeric(18,4) NOT NULL DEFAULT 0 CHECK (lifetime_value >= 0),
    average_order_value numeric(18,4) NOT NULL DEFAULT 0 CHECK (average_order_value >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    first_order_at timestamptz,
    last_order_at timestamptz,
    segment text CHECK (segment IN ('new', 'active', 'loyal', 'at_risk', 'churned')),
    computed_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (last_order_at IS NULL OR first_order_at IS NULL OR last_order_at >= first_order_at),
    CHECK (orders_count = 0 OR first_order_at IS NOT NULL)
);

-- End-of-day stock position and value per warehouse and product (variant).
CREATE TABLE inventory_snapshots (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    snapshot_date date NOT NULL,
    warehouse_id uuid NOT NULL REFERENCES warehouses (id),
    product_id uuid NOT NULL REFERENCES products (id),
    product_variant_id uuid REFERENCES product_variants (id),
    quantity_on_hand numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_on_hand >= 0),
    quantity_reserved numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_reserved >= 0),
    unit_cost numeric(18,4) NOT NULL DEFAULT 0 CHECK (unit_cost >= 0),
    total_value numeric(18,4) NOT NULL DEFAULT 0 CHECK (total_value >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (snapshot_date, warehouse_id, product_id, product_variant_id)
);
CREATE INDEX inventory_snapshots_warehouse_id_idx ON inventory_snapshots (warehouse_id);
CREATE INDEX inventory_snapshots_product_id_idx ON inventory_snapshots (product_id);
CREATE INDEX inventory_snapshots_product_variant_id_idx ON inventory_snapshots (product_variant_id);

CREATE TABLE kpi_definitions (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description text,
    unit text NOT NULL DEFAULT 'count' CHECK (unit IN ('count', 'money', 'percent', 'ratio', 'days', 'hours')),
    aggregation text NOT NULL DEFAULT 'sum' CHECK (aggregation IN ('sum', 'avg', 'min', 'max', 'last')),
    direction text NOT NULL DEFAULT 'higher_is_better'
        CHECK (direction IN ('higher_is_better', 'lower_is_better', 'on_target')),
    formula text,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- What analytics.kpis.evaluate computes (template version 11): one of the metrics the system
    -- implements (docs/modules/analytics.md), never a query of the client's; none: not evaluated.
    metric text CHECK (metric IN ('net_revenue', 'orders_count', 'units_sold', 'average_order_value',
        'invoiced_revenue', 'cost_of_goods_sold', 'gross_margin', 'receivables_open', 'days_sales_outstanding',
        'inventory_value', 'stock_turn', 'payables_open'))
);

-- Measured KPI value for a period, overall (channel_id NULL) or per channel.
CREATE TABLE kpi_values (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    kpi_definition_id uuid NOT NULL REFERENCES kpi_definitions (id),
    channel_id uuid REFERENCES channels (id),
    period_start date NOT NULL,
    period_end date NOT NULL,
    value numeric(18,4) NOT NULL,
    target_value numeric(18,4),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    computed_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (kpi_definition_id, period_start, period_end, channel_id),
    CHECK (period_end >= period_start)
);
CREATE INDEX kpi_values_channel_id_idx ON kpi_values (channel_id);

-- What-if planning scenarios; assumptions hold the levers (growth %, price change, lead times...).
CREATE TABLE scenarios (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description text,
    base_scenario_id uuid REFERENCES scenarios (id),
    assumptions jsonb NOT NULL DEFAULT '{}',
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'approved', 'archived')),
    created_by_user_id uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (base_scenario_id IS NULL OR base_scenario_id <> id)
);
CREATE INDEX scenarios_base_scenario_id_idx ON scenarios (base_scenario_id);
CREATE INDEX scenarios_created_by_user_id_idx ON scenarios (created_by_user_id);

-- One forecasting run (analytics.forecasts.create): a product or every product of a category, a
-- period (month or week), a horizon and the method asked for; it holds one forecast per product
-- (template version 11, docs/modules/analytics-planning.md).
CREATE TABLE forecast_runs (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    product_id uuid REFERENCES products (id),
    category_id uuid REFERENCES categories (id),
    period text NOT NULL CHECK (period IN ('month', 'week')),
    horizon integer NOT NULL CHECK (horizon BETWEEN 1 AND 104),
    as_of date NOT NULL,
    requested_method text NOT NULL DEFAULT 'auto'
        CHECK (requested_method IN ('auto', 'seasonal', 'exponential_smoothing', 'moving_average')),
    created_by_user_id uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT forecast_runs_scope CHECK ((product_id IS NULL) <> (category_id IS NULL)),
    CONSTRAINT forecast_runs_horizon_limit CHECK (period = 'week' OR horizon <= 24)
);
CREATE INDEX forecast_runs_product_id_idx ON forecast_runs (product_id);
CREATE INDEX forecast_runs_category_id_idx ON forecast_runs (category_id);
CREATE INDEX forecast_runs_created_by_user_id_idx ON forecast_runs (created_by_user_id);

-- Demand forecast for a product (optionally per warehouse) over a period; lines hold the buckets.
CREATE TABLE forecasts (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    product_id uuid NOT NULL REFERENCES products (id),
    warehouse_id uuid REFERENCES warehouses (id),
    scenario_id uuid REFERENCES scenarios (id),
    period_start date NOT NULL,
    period_end date NOT NULL,
    forecast_quantity numeric(18,4) NOT NULL CHECK (forecast_quantity >= 0),
    method text NOT NULL DEFAULT 'moving_average'
        CHECK (method IN ('moving_average', 'exponential_smoothing', 'seasonal', 'regression', 'ml', 'manual', 'no_history')),
    confidence numeric(7,4) CHECK (confidence BETWEEN 0 AND 100),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'superseded')),
    generated_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (period_end >= period_start),
    -- The run the forecast belongs to and how many periods of history it was fitted on (template version 11).
    forecast_run_id uuid REFERENCES forecast_runs (id),
    history_periods integer CHECK (history_periods >= 0),
    CONSTRAINT forecasts_run_product_key UNIQUE (forecast_run_id, product_id)
);
CREATE INDEX forecasts_product_id_idx ON forecasts (product_id);
CREATE INDEX forecasts_warehouse_id_idx ON forecasts (warehouse_id);
CREATE INDEX forecasts_scenario_id_idx ON forecasts (scenario_id);

-- Per-bucket (week or month) forecast with its prediction interval and the actual once known.
CREATE TABLE forecast_lines (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    forecast_id uuid NOT NULL REFERENCES forecasts (id) ON DELETE CASCADE,
    bucket_start date NOT NULL,
    bucket_end date NOT NULL,
    quantity numeric(18,4) NOT NULL CHECK (quantity >= 0),
    lower_bound numeric(18,4) CHECK (lower_bound >= 0),
    upper_bound numeric(18,4),
    actual_quantity numeric(18,4) CHECK (actual_quantity >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (forecast_id, bucket_start),
    CHECK (bucket_end >= bucket_start),
    CHECK (lower_bound IS NULL OR lower_bound <= quantity),
    CHECK (upper_bound IS NULL OR upper_bound >= quantity)
);

CREATE TABLE demand_plans (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    plan_number text NOT NULL UNIQUE CHECK (length(plan_number) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    scenario_id uuid REFERENCES scenarios (id),
    horizon_start date NOT NULL,
    horizon_end date NOT NULL,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'approved', 'archived')),
    owner_user_id uuid REFERENCES users (id),
    approved_by_user_id uuid REFERENCES users (id),
    approved_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (horizon_end > horizon_start),
    CHECK (status <> 'approved' OR approved_at IS NOT NULL),
    -- A plan computed from a forecast run: where its purchases go and its totals (template version 11).
    forecast_run_id uuid REFERENCES forecast_runs (id),
    warehouse_id uuid REFERENCES warehouses (id),
    total_forecast_quantity numeric(18,4) NOT NULL DEFAULT 0 CHECK (total_forecast_quantity >= 0),
    total_planned_quantity numeric(18,4) NOT NULL DEFAULT 0 CHECK (total_planned_quantity >= 0),
    total_suggested_quantity numeric(18,4) NOT NULL DEFAULT 0 CHECK (total_suggested_quantity >= 0)
);
CREATE INDEX demand_plans_scenario_id_idx ON demand_plans (scenario_id);
CREATE INDEX demand_plans_owner_user_id_idx ON demand_plans (owner_user_id);
CREATE INDEX demand_plans_approved_by_user_id_idx ON demand_plans (approved_by_user_id);
CREATE INDEX demand_plans_forecast_run_id_idx ON demand_plans (forecast_run_id);
CREATE INDEX demand_plans_warehouse_id_idx ON demand_plans (warehouse_id);

-- Planned quantity per product, warehouse and period: the forecast plus the planner's override.
CREATE TABLE demand_plan_lines (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    demand_plan_id uuid NOT NULL REFERENCES demand_plans (id) ON DELETE CASCADE,
    product_id uuid NOT NULL REFERENCES products (id),
    warehouse_id uuid REFERENCES warehouses (id),
    forecast_id uuid REFERENCES forecasts (id),
    period_start date NOT NULL,
    period_end date NOT NULL,
    forecast_quantity numeric(18,4) NOT NULL DEFAULT 0 CHECK (forecast_quantity >= 0),
    planned_quantity numeric(18,4) NOT NULL CHECK (planned_quantity >= 0),
    override_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (demand_plan_id, product_id, warehouse_id, period_start),
    CHECK (period_end >= period_start),
    -- The netting of a computed line at plan time (template version 11): stock available in every
    -- warehouse, still to come on open purchase orders, the safety stock, and what to buy.
    available_quantity numeric(18,4) CHECK (available_quantity >= 0),
    on_order_quantity numeric(18,4) CHECK (on_order_quantity >= 0),
    safety_stock numeric(18,4) CHECK (safety_stock >= 0),
    suggested_quantity numeric(18,4) CHECK (suggested_quantity >= 0),
    vendor_id uuid REFERENCES vendors (id),
    purchase_order_id uuid REFERENCES purchase_orders (id),
    CONSTRAINT demand_plan_lines_netting CHECK (suggested_quantity IS NULL OR (
        available_quantity IS NOT NULL AND on_order_quantity IS NOT NULL AND safety_stock IS NOT NULL
        AND suggested_quantity = greatest(0, ceil(planned_quantity + safety_stock - available_quantity - on_order_quantity))))
);
CREATE INDEX demand_plan_lines_product_id_idx ON demand_plan_lines (product_id);
CREATE INDEX demand_plan_lines_warehouse_id_idx ON demand_plan_lines (warehouse_id);
CREATE INDEX demand_plan_lines_forecast_id_idx ON demand_plan_lines (forecast_id);
CREATE INDEX demand_plan_lines_vendor_id_idx ON demand_plan_lines (vendor_id);
CREATE INDEX demand_plan_lines_purchase_order_id_idx ON demand_plan_lines (purchase_order_id);

-- A scenario's named demand multipliers (template version 11): per category, or for every product
-- (category_id NULL); a product takes its category's, else the all-products one, else 1.
CREATE TABLE scenario_multipliers (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    scenario_id uuid NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    category_id uuid REFERENCES categories (id),
    multiplier numeric(9,4) NOT NULL CHECK (multiplier BETWEEN 0.0001 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT scenario_multipliers_scenario_category_key UNIQUE NULLS NOT DISTINCT (scenario_id, category_id)
);
CREATE INDEX scenario_multipliers_category_id_idx ON scenario_multipliers (category_id);

-- Projected KPI values of a scenario next to the baseline, per period (and optionally product/channel).
CREATE TABLE scenario_results (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    scenario_id uuid NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    -- NULL for a projection of a forecast line (forecast_line_id) since template version 11.
    kpi_definition_id uuid REFERENCES kpi_definitions (id),
    product_id uuid REFERENCES products (id),
    channel_id uuid REFERENCES channels (id),
    period_start date NOT NULL,
    period_end date NOT NULL,
    projected_value numeric(18,4) NOT NULL,
    baseline_value numeric(18,4),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    computed_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (scenario_id, kpi_definition_id, period_start, product_id, channel_id),
    CHECK (period_end >= period_start),
    -- A scenario's multiplier over one forecast line (template version 11): projected = baseline × multiplier.
    forecast_line_id uuid REFERENCES forecast_lines (id) ON DELETE CASCADE,
    multiplier numeric(9,4) CHECK (multiplier > 0),
    CONSTRAINT scenario_results_subject CHECK ((kpi_definition_id IS NULL) <> (forecast_line_id IS NULL)),
    CONSTRAINT scenario_results_multiplied CHECK (forecast_line_id IS NULL OR (
        multiplier IS NOT NULL AND baseline_value >= 0 AND projected_value = round(baseline_value * multiplier, 4)))
);
CREATE INDEX scenario_results_forecast_line_id_idx ON scenario_results (forecast_line_id);
CREATE INDEX scenario_results_kpi_definition_id_idx ON scenario_results (kpi_definition_id);
CREATE INDEX scenario_results_product_id_idx ON scenario_results (product_id);
CREATE INDEX scenario_results_channel_id_idx ON scenario_results (channel_id);

-- Saved reports: what to query (query_spec) and, optionally, when to run it.
CREATE TABLE report_definitions (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description text,
    module text NOT NULL DEFAULT 'sales'
        CHECK (module IN ('sales', 'inventory', 'procurement', 'finance', 'channels', 'service', 'hr', 'other')),
    query_spec jsonb NOT NULL DEFAULT '{}',
    output_format text NOT NULL DEFAULT 'csv' CHECK (output_format IN ('csv', 'xlsx', 'pdf', 'json')),
    schedule_cron text,
    owner_user_id uuid REFERENCES users (id),
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_definitions_owner_user_id_idx ON report_definitions (owner_user_id);

CREATE TABLE report_runs (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    report_definition_id uuid NOT NULL REFERENCES report_definitions (id) ON DELETE CASCADE,
    requested_by_user_id uuid REFERENCES users (id),
    parameters jsonb NOT NULL DEFAULT '{}',
    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    queued_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    row_count integer CHECK (row_count >= 0),
    output_media_asset_id uuid REFERENCES media_assets (id),
    error_message text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (started_at IS NULL OR started_at >= queued_at),
    CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX report_runs_report_definition_id_idx ON report_runs (report_definition_id);
CREATE INDEX report_runs_requested_by_user_id_idx ON report_runs (requested_by_user_id);
CREATE INDEX report_runs_output_media_asset_id_idx ON report_runs (output_media_asset_id);

CREATE TABLE dashboards (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description text,
    owner_user_id uuid REFERENCES users (id),
    is_shared boolean NOT NULL DEFAULT false,
    layout jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dashboards_owner_user_id_idx ON dashboards (owner_user_id);

-- A tile on a dashboard showing a KPI or a report, placed on a grid.
CREATE TABLE dashboard_widgets (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    dashboard_id uuid NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    kind text NOT NULL DEFAULT 'kpi'
        CHECK (kind IN ('kpi', 'line_chart', 'bar_chart', 'pie_chart', 'table', 'text')),
    kpi_definition_id uuid REFERENCES kpi_definitions (id),
    report_definition_id uuid REFERENCES report_definitions (id),
    grid_x integer NOT NULL DEFAULT 0 CHECK (grid_x >= 0),
    grid_y integer NOT NULL DEFAULT 0 CHECK (grid_y >= 0),
    width integer NOT NULL DEFAULT 1 CHECK (width > 0),
    height integer NOT NULL DEFAULT 1 CHECK (height > 0),
    config jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (kind <> 'kpi' OR kpi_definition_id IS NOT NULL)
);
CREATE INDEX dashboard_widgets_dashboard_id_idx ON dashboard_widgets (dashboard_id);
CREATE INDEX dashboard_widgets_kpi_definition_id_idx ON dashboard_widgets (kpi_definition_id);
CREATE INDEX dashboard_widgets_report_definition_id_idx ON dashboard_widgets (report_definition_id);

-- Share of a monthly customer cohort still ordering period_offset months later.
CREATE TABLE cohort_retention (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    cohort_month date NOT NULL CHECK (extract(day FROM cohort_month) = 1),
    period_offset integer NOT NULL CHECK (period_offset >= 0),
    channel_id uuid REFERENCES channels (id),
    cohort_size integer NOT NULL CHECK (cohort_size >= 0),
    active_customers integer NOT NULL CHECK (active_customers >= 0),
    retention_rate numeric(7,4) NOT NULL CHECK (retention_rate BETWEEN 0 AND 100),
    revenue numeric(18,4) NOT NULL DEFAULT 0 CHECK (revenue >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (cohort_month, period_offset, channel_id),
    CHECK (active_customers <= cohort_size)
);
CREATE INDEX cohort_retention_channel_id_idx ON cohort_retention (channel_id);

-- Revenue/unit targets for a period, scoped to a channel, category, dealer or sales user (all optional).
CREATE TABLE sales_targets (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    period_start date NOT NULL,
    period_end date NOT NULL,
    channel_id uuid REFERENCES channels (id),
    category_id uuid REFERENCES categories (id),
    dealer_id uuid REFERENCES dealers (id),
    user_id uuid REFERENCES users (id),
    target_revenue numeric(18,4) NOT NULL DEFAULT 0 CHECK (target_revenue >= 0),
    target_units numeric(18,4) CHECK (target_units >= 0),
    achieved_revenue numeric(18,4) NOT NULL DEFAULT 0 CHECK (achieved_revenue >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'closed')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (period_end >= period_start)
);
CREATE INDEX sales_targets_channel_id_idx ON sales_targets (channel_id);
CREATE INDEX sales_targets_category_id_idx ON sales_targets (category_id);
CREATE INDEX sales_targets_dealer_id_idx ON sales_targets (dealer_id);
CREATE INDEX sales_targets_user_id_idx ON sales_targets (user_id);

-- Sentences for the rules above whose definition does not read as one; the API answers a
-- violation with them (every other rule's sentence is derived from its definition by `pnpm db:types`).
COMMENT ON CONSTRAINT cohort_retention_cohort_month_check ON cohort_retention IS 'cohort_month must be the first day of a month.';
COMMENT ON CONSTRAINT customer_metrics_check1 ON customer_metrics IS 'first_order_at is required once orders_count is above 0.';
COMMENT ON CONSTRAINT customer_sales_daily_net ON customer_sales_daily IS 'net_revenue must equal gross_revenue less discounts.';
COMMENT ON CONSTRAINT forecast_runs_scope ON forecast_runs IS 'A forecast run names either product_id or category_id, not both.';
COMMENT ON CONSTRAINT forecast_runs_horizon_limit ON forecast_runs IS 'horizon is at most 24 months (104 weeks).';
COMMENT ON CONSTRAINT demand_plan_lines_netting ON demand_plan_lines IS 'suggested_quantity must be max(0, planned_quantity + safety_stock - available_quantity - on_order_quantity) rounded up to a whole unit.';
COMMENT ON CONSTRAINT scenario_results_subject ON scenario_results IS 'A scenario result projects either a KPI (kpi_definition_id) or a forecast line (forecast_line_id).';
COMMENT ON CONSTRAINT scenario_results_multiplied ON scenario_results IS 'A forecast line''s projected_value must be its baseline_value (at least 0) times multiplier, rounded to 4 decimals.';
