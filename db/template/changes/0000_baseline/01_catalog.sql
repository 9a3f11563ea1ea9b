-- Catalog: products and their variants, categories, brands, attributes, units of measure,
-- currencies, tax rates and price lists. Everything sellable or stockable is defined here;
-- sales, inventory and procurement refer to products and product_variants.

CREATE TABLE currencies (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code char(3) NOT NULL CHECK (code ~ '^[A-Z]{3}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  symbol text,
  decimal_places smallint NOT NULL DEFAULT 2 CHECK (decimal_places BETWEEN 0 AND 4),
  is_base boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT currencies_code_key UNIQUE (code)
);
-- At most one base (reporting) currency per tenant.
CREATE UNIQUE INDEX currencies_one_base_idx ON currencies (is_base) WHERE is_base;

-- Rate to convert one unit of the base currency into the quote currency, from effective_at on.
CREATE TABLE exchange_rates (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  base_currency_id uuid NOT NULL REFERENCES currencies (id),
  quote_currency_id uuid NOT NULL REFERENCES currencies (id),
  rate numeric(18,8) NOT NULL CHECK (rate > 0),
  effective_at timestamptz NOT NULL DEFAULT now(),
  source text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT exchange_rates_pair_effective_key UNIQUE (base_currency_id, quote_currency_id, effective_at),
  CONSTRAINT exchange_rates_distinct_pair CHECK (base_currency_id <> quote_currency_id)
);
CREATE INDEX exchange_rates_quote_currency_id_idx ON exchange_rates (quote_currency_id);

CREATE TABLE units_of_measure (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,20}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  symbol text,
  kind text NOT NULL DEFAULT 'unit'
    CHECK (kind IN ('unit', 'weight', 'length', 'area', 'volume', 'time', 'pack')),
  decimal_places smallint NOT NULL DEFAULT 0 CHECK (decimal_places BETWEEN 0 AND 4),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT units_of_measure_code_key UNIQUE (code)
);

-- Groups tax rates by what is taxed (standard goods, food, services, exempt, ...).
CREATE TABLE tax_classes (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[a-z0-9_]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tax_classes_code_key UNIQUE (code)
);

CREATE TABLE tax_rates (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  tax_class_id uuid REFERENCES tax_classes (id),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  rate numeric(7,4) NOT NULL CHECK (rate BETWEEN 0 AND 100),
  country char(2) CHECK (country ~ '^[A-Z]{2}$'),
  region text,
  postal_code_pattern text,
  is_inclusive boolean NOT NULL DEFAULT false,
  is_compound boolean NOT NULL DEFAULT false,
  priority integer NOT NULL DEFAULT 0,
  valid_from date,
  valid_to date,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tax_rates_code_key UNIQUE (code),
  CONSTRAINT tax_rates_valid_range CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
CREATE INDEX tax_rates_tax_class_id_idx ON tax_rates (tax_class_id);

CREATE TABLE categories (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  parent_id uuid REFERENCES categories (id),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  image_url text,
  position integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'hidden', 'archived')),
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT categories_slug_key UNIQUE (slug),
  CONSTRAINT categories_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX categories_parent_id_idx ON categories (parent_id);

CREATE TABLE brands (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  website_url text,
  logo_url text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT brands_slug_key UNIQUE (slug)
);

CREATE TABLE manufacturers (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  country char(2) CHECK (country ~ '^[A-Z]{2}$'),
  website_url text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT manufacturers_code_key UNIQUE (code)
);

CREATE TABLE products (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  sku text NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  short_description text,
  description text,
  product_type text NOT NULL DEFAULT 'simple'
    CHECK (product_type IN ('simple', 'variable', 'bundle', 'service', 'digital')),
  brand_id uuid REFERENCES brands (id),
  manufacturer_id uuid REFERENCES manufacturers (id),
  category_id uuid REFERENCES categories (id),
  uom_id uuid NOT NULL REFERENCES units_of_measure (id),
  tax_rate_id uuid REFERENCES tax_rates (id),
  base_price numeric(18,4) NOT NULL DEFAULT 0 CHECK (base_price >= 0),
  cost_price numeric(18,4) CHECK (cost_price >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
  is_stockable boolean NOT NULL DEFAULT true,
  is_sellable boolean NOT NULL DEFAULT true,
  is_purchasable boolean NOT NULL DEFAULT true,
  weight numeric(18,4) CHECK (weight >= 0),
  weight_unit text NOT NULL DEFAULT 'kg' CHECK (weight_unit IN ('g', 'kg', 'oz', 'lb')),
  length numeric(18,4) CHECK (length >= 0),
  width numeric(18,4) CHECK (width >= 0),
  height numeric(18,4) CHECK (height >= 0),
  dimension_unit text NOT NULL DEFAULT 'cm' CHECK (dimension_unit IN ('mm', 'cm', 'm', 'in', 'ft')),
  hs_code text,
  country_of_origin char(2) CHECK (country_of_origin ~ '^[A-Z]{2}$'),
  published_at timestamptz,
  attributes jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT products_sku_key UNIQUE (sku),
  CONSTRAINT products_slug_key UNIQUE (slug)
);
CREATE INDEX products_brand_id_idx ON products (brand_id);
CREATE INDEX products_manufacturer_id_idx ON products (manufacturer_id);
CREATE INDEX products_category_id_idx ON products (category_id);
CREATE INDEX products_uom_id_idx ON products (uom_id);
CREATE INDEX products_tax_rate_id_idx ON products (tax_rate_id);
CREATE INDEX products_created_by_idx ON products (created_by);
CREATE INDEX products_status_idx ON products (status);

CREATE TABLE product_variants (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id),
  sku text NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  price numeric(18,4) NOT NULL CHECK (price >= 0),
  compare_at_price numeric(18,4) CHECK (compare_at_price >= 0),
  cost_price numeric(18,4) CHECK (cost_price >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  barcode text,
  weight numeric(18,4) CHECK (weight >= 0),
  position integer NOT NULL DEFAULT 0,
  is_default boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT product_variants_sku_key UNIQUE (sku)
);
CREATE INDEX product_variants_product_id_idx ON product_variants (product_id);
-- At most one default variant per product.
CREATE UNIQUE INDEX product_variants_one_default_idx ON product_variants (product_id) WHERE is_default;
CREATE INDEX product_variants_barcode_idx ON product_variants (barcode);

-- Conversion factors: 1 from_uom = factor to_uom; product_id set for product-specific packs.
CREATE TABLE uom_conversions (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  from_uom_id uuid NOT NULL REFERENCES units_of_measure (id),
  to_uom_id uuid NOT NULL REFERENCES units_of_measure (id),
  product_id uuid REFERENCES products (id) ON DELETE CASCADE,
  factor numeric(18,8) NOT NULL CHECK (factor > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uom_conversions_pair_key UNIQUE NULLS NOT DISTINCT (from_uom_id, to_uom_id, product_id),
  CONSTRAINT uom_conversions_distinct_units CHECK (from_uom_id <> to_uom_id)
);
CREATE INDEX uom_conversions_to_uom_id_idx ON uom_conversions (to_uom_id);
CREATE INDEX uom_conversions_product_id_idx ON uom_conversions (product_id);

CREATE TABLE product_images (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  product_variant_id uuid REFERENCES product_variants (id) ON DELETE CASCADE,
  url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
  alt_text text,
  width integer CHECK (width > 0),
  height integer CHECK (height > 0),
  position integer NOT NULL DEFAULT 0,
  is_primary boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_images_product_id_idx ON product_images (product_id);
CREATE INDEX product_images_product_variant_id_idx ON product_images (product_variant_id);

-- Localised name/description/slug per product and locale (e.g. 'de', 'fr-CA').
CREATE TABLE product_translations (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  locale text NOT NULL CHECK (locale ~ '^[a-z]{2}(-[A-Z]{2})?$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  slug text CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  short_description text,
  description text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT product_translations_product_locale_key UNIQUE (product_id, locale),
  CONSTRAINT product_translations_locale_slug_key UNIQUE (locale, slug)
);

-- Attribute definitions (colour, size, material, ...); is_variant_axis marks those that define variants.
CREATE TABLE product_attributes (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  data_type text NOT NULL DEFAULT 'select'
    CHECK (data_type IN ('select', 'multiselect', 'text', 'number', 'boolean', 'date', 'color')),
  unit_id uuid REFERENCES units_of_measure (id),
  is_variant_axis boolean NOT NULL DEFAULT false,
  is_filterable boolean NOT NULL DEFAULT true,
  is_required boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT product_attributes_code_key UNIQUE (code)
);
CREATE INDEX product_attributes_unit_id_idx ON product_attributes (unit_id);

-- Allowed values of a select/multiselect/color attribute.
CREATE TABLE attribute_values (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  attribute_id uuid NOT NULL REFERENCES product_attributes (id) ON DELETE CASCADE,
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 100),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  swatch text,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT attribute_values_attribute_code_key UNIQUE (attribute_id, code)
);

-- Which attributes apply to (and are shown for) products of a category.
CREATE TABLE category_attributes (
  category_id uuid NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  attribute_id uuid NOT NULL REFERENCES product_attributes (id) ON DELETE CASCADE,
  is_required boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (category_id, attribute_id)
);
CREATE INDEX category_attributes_attribute_id_idx ON category_attributes (attribute_id);

-- Product-level (non-variant) attribute values: a listed value or a free value.
CREATE TABLE product_attribute_values (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  attribute_id uuid NOT NULL REFERENCES product_attributes (id),
  attribute_value_id uuid REFERENCES attribute_values (id),
  value_text text,
  value_number numeric(18,4),
  value_boolean boolean,
  value_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT product_attribute_values_key UNIQUE NULLS NOT DISTINCT (product_id, attribute_id, attribute_value_id),
  CONSTRAINT product_attribute_values_one_value CHECK (
    num_nonnulls(attribute_value_id, value_text, value_number, value_boolean, value_date) = 1
  )
);
CREATE INDEX product_attribute_values_attribute_id_idx ON product_attribute_values (attribute_id);
CREATE INDEX product_attribute_values_attribute_value_id_idx ON product_attribute_values (attribute_value_id);

-- The value a variant takes on each variant axis (one value per attribute).
CREATE TABLE variant_attribute_values (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_variant_id uuid NOT NULL REFERENCES product_variants (id) ON DELETE CASCADE,
  attribute_id uuid NOT NULL REFERENCES product_attributes (id),
  attribute_value_id uuid NOT NULL REFERENCES attribute_values (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT variant_attribute_values_variant_attribute_key UNIQUE (product_variant_id, attribute_id)
);
CREATE INDEX variant_attribute_values_attribute_id_idx ON variant_attribute_values (attribute_id);
CREATE INDEX variant_attribute_values_attribute_value_id_idx ON variant_attribute_values (attribute_value_id);

-- Additional categories of a product (products.category_id is the primary one).
CREATE TABLE product_categories (
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  category_id uuid NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, category_id)
);
CREATE INDEX product_categories_category_id_idx ON product_categories (category_id);

CREATE TABLE tags (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tags_slug_key UNIQUE (slug)
);

CREATE TABLE product_tags (
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  tag_id uuid NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, tag_id)
);
CREATE INDEX product_tags_tag_id_idx ON product_tags (tag_id);

-- Merchandising groups: manual (hand-picked) or automatic (rules evaluated by the application).
CREATE TABLE collections (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  image_url text,
  kind text NOT NULL DEFAULT 'manual' CHECK (kind IN ('manual', 'automatic')),
  rules jsonb NOT NULL DEFAULT '{}',
  sort_order text NOT NULL DEFAULT 'manual'
    CHECK (sort_order IN ('manual', 'newest', 'price_asc', 'price_desc', 'name_asc', 'best_selling')),
  starts_at timestamptz,
  ends_at timestamptz,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT collections_slug_key UNIQUE (slug),
  CONSTRAINT collections_period CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at)
);

CREATE TABLE collection_products (
  collection_id uuid NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (collection_id, product_id)
);
CREATE INDEX collection_products_product_id_idx ON collection_products (product_id);

-- A bundle is sold as its own product (product_type 'bundle') and made of component items.
CREATE TABLE bundles (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  pricing_method text NOT NULL DEFAULT 'fixed'
    CHECK (pricing_method IN ('fixed', 'sum_of_items', 'discounted_sum')),
  price numeric(18,4) CHECK (price >= 0),
  discount_percent numeric(7,4) CHECK (discount_percent BETWEEN 0 AND 100),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bundles_product_id_key UNIQUE (product_id),
  CONSTRAINT bundles_code_key UNIQUE (code),
  CONSTRAINT bundles_pricing CHECK (
    (pricing_method = 'fixed' AND price IS NOT NULL)
    OR (pricing_method = 'sum_of_items')
    OR (pricing_method = 'discounted_sum' AND discount_percent IS NOT NULL)
  )
);

CREATE TABLE bundle_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  bundle_id uuid NOT NULL REFERENCES bundles (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id),
  product_variant_id uuid REFERENCES product_variants (id),
  quantity numeric(18,4) NOT NULL DEFAULT 1 CHECK (quantity > 0),
  is_optional boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bundle_items_component_key UNIQUE NULLS NOT DISTINCT (bundle_id, product_id, product_variant_id)
);
CREATE INDEX bundle_items_product_id_idx ON bundle_items (product_id);
CREATE INDEX bundle_items_product_variant_id_idx ON bundle_items (product_variant_id);

-- Customer reviews; the reviewer is identified by name/email here (customers are defined in sales).
CREATE TABLE product_reviews (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  product_variant_id uuid REFERENCES product_variants (id),
  user_id uuid REFERENCES users (id),
  reviewer_name text NOT NULL CHECK (length(reviewer_name) BETWEEN 1 AND 200),
  reviewer_email text CHECK (reviewer_email LIKE '%_@_%'),
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title text,
  body text,
  is_verified_purchase boolean NOT NULL DEFAULT false,
  helpful_count integer NOT NULL DEFAULT 0 CHECK (helpful_count >= 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'spam')),
  moderated_by uuid REFERENCES users (id),
  moderated_at timestamptz,
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_reviews_product_id_idx ON product_reviews (product_id);
CREATE INDEX product_reviews_product_variant_id_idx ON product_reviews (product_variant_id);
CREATE INDEX product_reviews_user_id_idx ON product_reviews (user_id);
CREATE INDEX product_reviews_moderated_by_idx ON product_reviews (moderated_by);

-- Scannable codes; a pack barcode carries its unit and the quantity it stands for.
CREATE TABLE barcodes (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  product_variant_id uuid REFERENCES product_variants (id) ON DELETE CASCADE,
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  symbology text NOT NULL DEFAULT 'ean13'
    CHECK (symbology IN ('ean13', 'ean8', 'upca', 'upce', 'gtin14', 'itf14', 'code128', 'code39', 'qr', 'datamatrix')),
  uom_id uuid REFERENCES units_of_measure (id),
  quantity numeric(18,4) NOT NULL DEFAULT 1 CHECK (quantity > 0),
  is_primary boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT barcodes_code_key UNIQUE (code)
);
CREATE INDEX barcodes_product_id_idx ON barcodes (product_id);
CREATE INDEX barcodes_product_variant_id_idx ON barcodes (product_variant_id);
CREATE INDEX barcodes_uom_id_idx ON barcodes (uom_id);

-- Directed links between products: related, up-sell, cross-sell, accessory, replacement, ...
CREATE TABLE product_relations (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  related_product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  relation_type text NOT NULL DEFAULT 'related'
    CHECK (relation_type IN ('related', 'upsell', 'cross_sell', 'accessory', 'replacement', 'similar')),
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT product_relations_key UNIQUE (product_id, related_product_id, relation_type),
  CONSTRAINT product_relations_not_self CHECK (product_id <> related_product_id)
);
CREATE INDEX product_relations_related_product_id_idx ON product_relations (related_product_id);

CREATE TABLE price_lists (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  kind text NOT NULL DEFAULT 'sales' CHECK (kind IN ('sales', 'purchase')),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  prices_include_tax boolean NOT NULL DEFAULT false,
  is_default boolean NOT NULL DEFAULT false,
  priority integer NOT NULL DEFAULT 0,
  valid_from timestamptz,
  valid_to timestamptz,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT price_lists_code_key UNIQUE (code),
  CONSTRAINT price_lists_valid_range CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from)
);
CREATE INDEX price_lists_created_by_idx ON price_lists (created_by);

-- Tiered prices: the row with the largest min_quantity not above the ordered quantity applies.
CREATE TABLE price_list_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  price_list_id uuid NOT NULL REFERENCES price_lists (id) ON DELETE CASCADE,
  product_variant_id uuid NOT NULL REFERENCES product_variants (id),
  min_quantity numeric(18,4) NOT NULL DEFAULT 1 CHECK (min_quantity > 0),
  price numeric(18,4) NOT NULL CHECK (price >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  valid_from timestamptz,
  valid_to timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT price_list_items_tier_key UNIQUE (price_list_id, product_variant_id, min_quantity),
  CONSTRAINT price_list_items_valid_range CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from)
);
CREATE INDEX price_list_items_product_variant_id_idx ON price_list_items (product_variant_id);

-- Audit of price changes on a variant (list price when price_list_id is null).
CREATE TABLE product_price_history (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  product_variant_id uuid NOT NULL REFERENCES product_variants (id),
  price_list_id uuid REFERENCES price_lists (id),
  old_price numeric(18,4) CHECK (old_price >= 0),
  new_price numeric(18,4) NOT NULL CHECK (new_price >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  reason text,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_price_history_product_variant_id_idx ON product_price_history (product_variant_id);
CREATE INDEX product_price_history_price_list_id_idx ON product_price_history (price_list_id);
CREATE INDEX product_price_history_changed_by_idx ON product_price_history (changed_by);

-- Sentences for the rules above whose definition does not read as one; the API answers a
-- violation with them (every other rule's sentence is derived from its definition by `pnpm db:types`).
COMMENT ON CONSTRAINT bundles_pricing ON bundles IS 'A bundle priced ''fixed'' needs price, and one priced ''discounted_sum'' needs discount_percent.';
COMMENT ON CONSTRAINT product_attribute_values_one_value ON product_attribute_values IS 'Exactly one of attribute_value_id, value_text, value_number, value_boolean and value_date must be given.';
