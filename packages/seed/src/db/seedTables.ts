import type * as Db from "@erp/db-types";
import type { Module } from "@erp/tenancy";

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
  inventory: ["warehouses", "zones", "bins", "stock_movements", "stock_items", "inventory"],
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
  finance: [
    "fiscal_years",
    "fiscal_periods",
    "chart_of_accounts",
    "journals",
    "journal_entries",
    "journal_lines",
    "general_ledger",
    "payment_terms",
    "tax_codes",
    "bank_accounts",
    "tax_invoices",
    "tax_invoice_items",
    "payment_receipts",
  ],
  cms: ["media_assets", "cms_pages", "banners", "faq_categories", "faqs"],
  channels: ["channels", "channel_products", "channel_orders", "dealers", "dealer_orders", "franchisees", "community_partners"],
  service: [
    "service_categories",
    "sla_policies",
    "technicians",
    "amc_contracts",
    "service_requests",
    "service_assignments",
    "service_visits",
  ],
  analytics: ["daily_sales", "product_sales_daily", "customer_metrics", "kpi_definitions", "scenarios", "forecasts", "top_products"],
  hr: ["departments", "positions", "employees", "employee_salaries", "leave_types", "leave_balances"],
} as const satisfies Record<Module, readonly string[]>;

export type SeedTable = (typeof seedTablesByModule)[Module][number];

/** The insert order across modules: inventory's stock ledger before the goods receipts that point at it, and so on. */
export const seedTables: readonly SeedTable[] = Object.values(seedTablesByModule).flat();

export const tableModule = Object.fromEntries(
  Object.entries(seedTablesByModule).flatMap(([module, tables]) => tables.map((table) => [table, module as Module])),
) as Record<SeedTable, Module>;

/** The row type of each table (generated from the template catalog), so a misspelt column fails to compile. */
export type SeedRows = {
  currencies: Db.CurrenciesRow;
  units_of_measure: Db.UnitsOfMeasureRow;
  tax_classes: Db.TaxClassesRow;
  tax_rates: Db.TaxRatesRow;
  categories: Db.CategoriesRow;
  brands: Db.BrandsRow;
  products: Db.ProductsRow;
  product_variants: Db.ProductVariantsRow;
  price_lists: Db.PriceListsRow;
  price_list_items: Db.PriceListItemsRow;
  customers: Db.CustomersRow;
  customer_addresses: Db.CustomerAddressesRow;
  shipping_methods: Db.ShippingMethodsRow;
  orders: Db.OrdersRow;
  order_items: Db.OrderItemsRow;
  order_status_history: Db.OrderStatusHistoryRow;
  shipments: Db.ShipmentsRow;
  shipment_items: Db.ShipmentItemsRow;
  payments: Db.PaymentsRow;
  warehouses: Db.WarehousesRow;
  zones: Db.ZonesRow;
  bins: Db.BinsRow;
  stock_movements: Db.StockMovementsRow;
  stock_items: Db.StockItemsRow;
  inventory: Db.InventoryRow;
  vendors: Db.VendorsRow;
  vendor_products: Db.VendorProductsRow;
  purchase_orders: Db.PurchaseOrdersRow;
  purchase_order_items: Db.PurchaseOrderItemsRow;
  goods_receipt_notes: Db.GoodsReceiptNotesRow;
  goods_receipt_items: Db.GoodsReceiptItemsRow;
  vendor_invoices: Db.VendorInvoicesRow;
  vendor_invoice_items: Db.VendorInvoiceItemsRow;
  fiscal_years: Db.FiscalYearsRow;
  fiscal_periods: Db.FiscalPeriodsRow;
  chart_of_accounts: Db.ChartOfAccountsRow;
  journals: Db.JournalsRow;
  journal_entries: Db.JournalEntriesRow;
  journal_lines: Db.JournalLinesRow;
  general_ledger: Db.GeneralLedgerRow;
  payment_terms: Db.PaymentTermsRow;
  tax_codes: Db.TaxCodesRow;
  bank_accounts: Db.BankAccountsRow;
  tax_invoices: Db.TaxInvoicesRow;
  tax_invoice_items: Db.TaxInvoiceItemsRow;
  payment_receipts: Db.PaymentReceiptsRow;
  media_assets: Db.MediaAssetsRow;
  cms_pages: Db.CmsPagesRow;
  banners: Db.BannersRow;
  faq_categories: Db.FaqCategoriesRow;
  faqs: Db.FaqsRow;
  channels: Db.ChannelsRow;
  channel_products: Db.ChannelProductsRow;
  channel_orders: Db.ChannelOrdersRow;
  dealers: Db.DealersRow;
  dealer_orders: Db.DealerOrdersRow;
  franchisees: Db.FranchiseesRow;
  community_partners: Db.CommunityPartnersRow;
  service_categories: Db.ServiceCategoriesRow;
  sla_policies: Db.SlaPoliciesRow;
  technicians: Db.TechniciansRow;
  amc_contracts: Db.AmcContractsRow;
  service_requests: Db.ServiceRequestsRow;
  service_assignments: Db.ServiceAssignmentsRow;
  service_visits: Db.ServiceVisitsRow;
  daily_sales: Db.DailySalesRow;
  product_sales_daily: Db.ProductSalesDailyRow;
  customer_metrics: Db.CustomerMetricsRow;
  kpi_definitions: Db.KpiDefinitionsRow;
  scenarios: Db.ScenariosRow;
  forecasts: Db.ForecastsRow;
  top_products: Db.TopProductsRow;
  departments: Db.DepartmentsRow;
  positions: Db.PositionsRow;
  employees: Db.EmployeesRow;
  employee_salaries: Db.EmployeeSalariesRow;
  leave_types: Db.LeaveTypesRow;
  leave_balances: Db.LeaveBalancesRow;
};

/** A row to insert: any subset of the columns (created_at/updated_at are stamped on insert). */
export type NewRow<T extends SeedTable> = { [K in Exclude<keyof SeedRows[T], "created_at" | "updated_at">]?: SeedRows[T][K] };
