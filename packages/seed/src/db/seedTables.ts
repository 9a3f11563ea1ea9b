import type { TableName, tables } from "@erp/db-types";
import type { Module } from "@erp/tenancy";
import type { z } from "zod";

/**
 * Every table the demo data fills, by module, in an order that inserts parents before children
 * (the order of db/template/: a file only references the files before it). Tables not listed
 * here stay empty; the auth tables are provisioning's.
 */
export const seedTablesByModule = {
  catalog: [
    "currencies",
    "units_of_measure",
    "tax_classes",
    "tax_rates",
    "categories",
    "brands",
    "products",
    "product_variants",
    "price_lists",
    "price_list_items",
  ],
  sales: [
    "customers",
    "customer_addresses",
    "shipping_methods",
    "orders",
    "order_items",
    "order_status_history",
    "shipments",
    "shipment_items",
    "payments",
  ],
  inventory: ["warehouses", "zones", "bins", "stock_movements", "stock_items", "inventory", "stock_reservations"],
  procurement: [
    "vendors",
    "vendor_products",
    "purchase_orders",
    "purchase_order_items",
    "goods_receipt_notes",
    "goods_receipt_items",
    "vendor_invoices",
    "vendor_invoice_items",
  ],
  // The chart of accounts, journals, fiscal periods, payment terms and numbering series come with
  // every tenant (set_up_books at provisioning), not with the demo data.
  finance: [
    "journal_entries",
    "journal_lines",
    "general_ledger",
    "tax_codes",
    "bank_accounts",
    "tax_invoices",
    "tax_invoice_items",
    "payment_receipts",
    "receipt_allocations",
  ],
  cms: ["media_assets", "cms_pages", "cms_page_versions", "banners", "faq_categories", "faqs"],
  channels: [
    "channels",
    "channel_products",
    "channel_orders",
    "dealers",
    "dealer_orders",
    "franchisees",
    "community_partners",
    "order_attributions",
    "commission_rules",
  ],
  service: [
    "service_categories",
    "sla_policies",
    "technicians",
    "amc_contracts",
    "service_requests",
    // written by the database: each request's first status (service_requests_transition)
    "service_request_status_history",
    "service_assignments",
    "service_visits",
  ],
  analytics: [
    "daily_sales",
    "product_sales_daily",
    "customer_sales_daily",
    "customer_metrics",
    "kpi_definitions",
    "scenarios",
    "forecasts",
    "top_products",
  ],
  hr: ["departments", "positions", "employees", "employee_salaries", "leave_types", "leave_balances", "leave_accruals"],
} as const satisfies Record<Module, readonly TableName[]>;

export type SeedTable = (typeof seedTablesByModule)[Module][number];

/** The insert order across modules: inventory's stock ledger before the goods receipts that point at it, and so on. */
export const seedTables: readonly SeedTable[] = Object.values(seedTablesByModule).flat();

export const tableModule = Object.fromEntries(
  Object.entries(seedTablesByModule).flatMap(([module, tables]) => tables.map((table) => [table, module as Module])),
) as Record<SeedTable, Module>;

/**
 * A row to insert, typed by the table's generated insert schema (@erp/db-types): a misspelt
 * column or a missing required one fails to compile. updated_at is stamped on insert, and so is
 * created_at unless the row says when it was created (timestamptz text).
 */
export type NewRow<T extends SeedTable> = Omit<z.input<(typeof tables)[T]["insert"]>, "created_at" | "updated_at"> & {
  created_at?: string;
};
