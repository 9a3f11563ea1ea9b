-- Analytics planning (docs/modules/analytics-planning.md): forecast runs over a product or a
-- category, demand plans netted against stock and open purchase orders, scenario multipliers and
-- their results over a forecast.
-- Expand only: a new table for runs and one for multipliers, new nullable columns, a wider method
-- list, and kpi_definition_id of scenario_results made optional (a result now projects either a KPI
-- or a forecast line). Rows of the previous version keep every rule: they name a KPI and carry no
-- netting.

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

ALTER TABLE forecasts DROP CONSTRAINT forecasts_method_check;
ALTER TABLE forecasts ADD CONSTRAINT forecasts_method_check
  CHECK (method IN ('moving_average', 'exponential_smoothing', 'seasonal', 'regression', 'ml', 'manual', 'no_history'));
ALTER TABLE forecasts ADD COLUMN forecast_run_id uuid REFERENCES forecast_runs (id);
ALTER TABLE forecasts ADD COLUMN history_periods integer CHECK (history_periods >= 0);
ALTER TABLE forecasts ADD CONSTRAINT forecasts_run_product_key UNIQUE (forecast_run_id, product_id);

ALTER TABLE demand_plans ADD COLUMN forecast_run_id uuid REFERENCES forecast_runs (id);
ALTER TABLE demand_plans ADD COLUMN warehouse_id uuid REFERENCES warehouses (id);
ALTER TABLE demand_plans ADD COLUMN total_forecast_quantity numeric(18,4) NOT NULL DEFAULT 0 CHECK (total_forecast_quantity >= 0);
ALTER TABLE demand_plans ADD COLUMN total_planned_quantity numeric(18,4) NOT NULL DEFAULT 0 CHECK (total_planned_quantity >= 0);
ALTER TABLE demand_plans ADD COLUMN total_suggested_quantity numeric(18,4) NOT NULL DEFAULT 0 CHECK (total_suggested_quantity >= 0);
CREATE INDEX demand_plans_forecast_run_id_idx ON demand_plans (forecast_run_id);
CREATE INDEX demand_plans_warehouse_id_idx ON demand_plans (warehouse_id);

ALTER TABLE demand_plan_lines ADD COLUMN available_quantity numeric(18,4) CHECK (available_quantity >= 0);
ALTER TABLE demand_plan_lines ADD COLUMN on_order_quantity numeric(18,4) CHECK (on_order_quantity >= 0);
ALTER TABLE demand_plan_lines ADD COLUMN safety_stock numeric(18,4) CHECK (safety_stock >= 0);
ALTER TABLE demand_plan_lines ADD COLUMN suggested_quantity numeric(18,4) CHECK (suggested_quantity >= 0);
ALTER TABLE demand_plan_lines ADD COLUMN vendor_id uuid REFERENCES vendors (id);
ALTER TABLE demand_plan_lines ADD COLUMN purchase_order_id uuid REFERENCES purchase_orders (id);
ALTER TABLE demand_plan_lines ADD CONSTRAINT demand_plan_lines_netting CHECK (suggested_quantity IS NULL OR (
    available_quantity IS NOT NULL AND on_order_quantity IS NOT NULL AND safety_stock IS NOT NULL
    AND suggested_quantity = greatest(0, ceil(planned_quantity + safety_stock - available_quantity - on_order_quantity))));
CREATE INDEX demand_plan_lines_vendor_id_idx ON demand_plan_lines (vendor_id);
CREATE INDEX demand_plan_lines_purchase_order_id_idx ON demand_plan_lines (purchase_order_id);

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

ALTER TABLE scenario_results ALTER COLUMN kpi_definition_id DROP NOT NULL;
ALTER TABLE scenario_results ADD COLUMN forecast_line_id uuid REFERENCES forecast_lines (id) ON DELETE CASCADE;
ALTER TABLE scenario_results ADD COLUMN multiplier numeric(9,4) CHECK (multiplier > 0);
ALTER TABLE scenario_results ADD CONSTRAINT scenario_results_subject CHECK ((kpi_definition_id IS NULL) <> (forecast_line_id IS NULL));
ALTER TABLE scenario_results ADD CONSTRAINT scenario_results_multiplied CHECK (forecast_line_id IS NULL OR (
    multiplier IS NOT NULL AND baseline_value >= 0 AND projected_value = round(baseline_value * multiplier, 4)));
CREATE INDEX scenario_results_forecast_line_id_idx ON scenario_results (forecast_line_id);

COMMENT ON CONSTRAINT forecast_runs_scope ON forecast_runs IS 'A forecast run names either product_id or category_id, not both.';
COMMENT ON CONSTRAINT forecast_runs_horizon_limit ON forecast_runs IS 'horizon is at most 24 months (104 weeks).';
COMMENT ON CONSTRAINT demand_plan_lines_netting ON demand_plan_lines IS 'suggested_quantity must be max(0, planned_quantity + safety_stock - available_quantity - on_order_quantity) rounded up to a whole unit.';
COMMENT ON CONSTRAINT scenario_results_subject ON scenario_results IS 'A scenario result projects either a KPI (kpi_definition_id) or a forecast line (forecast_line_id).';
COMMENT ON CONSTRAINT scenario_results_multiplied ON scenario_results IS 'A forecast line''s projected_value must be its baseline_value (at least 0) times multiplier, rounded to 4 decimals.';
