import type { Module } from "@erp/tenancy";
import type { SeedTable } from "../db/seedTables.ts";
import type { ReferenceContext } from "../generate/context.ts";
import { generateAnalyticsReference, kpiDefinitions, scenarioDefinitions } from "./analyticsReference.ts";
import {
  currencyDefinitions,
  generateCatalogReference,
  priceListDefinitions,
  taxRateDefinitions,
  unitDefinitions,
} from "./catalogReference.ts";
import { channelDefinitions, generateChannelsReference } from "./channelsReference.ts";
import { faqCategoryDefinitions, generateCmsReference } from "./cmsReference.ts";
import { generateFinanceReference } from "./financeReference.ts";
import { departmentDefinitions, generateHrReference, leaveTypeDefinitions, positionDefinitions } from "./hrReference.ts";
import { binCodes, generateInventoryReference, zoneDefinitions } from "./inventoryReference.ts";
import type { Reference } from "./loadReference.ts";
import { generateSalesReference, shippingMethodDefinitions } from "./salesReference.ts";
import { generateServiceReference, serviceCategoryDefinitions, slaPolicyDefinitions } from "./serviceReference.ts";

export type ReferenceModule = {
  /** Whether the tenant already has this module's reference data (then it is reused, never duplicated). */
  present: (reference: Reference) => boolean;
  generate: (context: ReferenceContext) => void;
  /** Rows per table, once per tenant. */
  counts: Partial<Record<SeedTable, number>>;
};

/**
 * Reference data: what a business sets up once (tax rates, the warehouse, the chart of accounts,
 * fiscal periods, channels, departments). Procurement has none of its own.
 */
export const referenceModules: Partial<Record<Module, ReferenceModule>> = {
  catalog: {
    present: (reference) => reference.taxRates.length > 0,
    generate: generateCatalogReference,
    counts: {
      currencies: currencyDefinitions.length,
      units_of_measure: unitDefinitions.length,
      tax_classes: taxRateDefinitions.length,
      tax_rates: taxRateDefinitions.length,
      price_lists: priceListDefinitions.length,
    },
  },
  sales: {
    present: (reference) => reference.shippingMethods.length > 0,
    generate: generateSalesReference,
    counts: { shipping_methods: shippingMethodDefinitions.length },
  },
  inventory: {
    present: (reference) => reference.warehouses.length > 0,
    generate: generateInventoryReference,
    counts: { warehouses: 1, zones: zoneDefinitions.length, bins: binCodes.length },
  },
  finance: {
    present: (reference) => reference.bankAccounts.length > 0,
    generate: generateFinanceReference,
    counts: {
      tax_codes: taxRateDefinitions.length,
      bank_accounts: 1,
    },
  },
  cms: {
    present: (reference) => reference.faqCategories.length > 0,
    generate: generateCmsReference,
    counts: { faq_categories: faqCategoryDefinitions.length },
  },
  channels: {
    present: (reference) => reference.channels.length > 0,
    generate: generateChannelsReference,
    counts: { channels: channelDefinitions.length, commission_rules: 1 },
  },
  service: {
    present: (reference) => reference.serviceCategories.length > 0,
    generate: generateServiceReference,
    counts: { service_categories: serviceCategoryDefinitions.length, sla_policies: slaPolicyDefinitions.length },
  },
  analytics: {
    present: (reference) => reference.scenarios.length > 0,
    generate: generateAnalyticsReference,
    counts: { kpi_definitions: kpiDefinitions.length, scenarios: scenarioDefinitions.length },
  },
  hr: {
    present: (reference) => reference.departments.length > 0,
    generate: generateHrReference,
    counts: { departments: departmentDefinitions.length, positions: positionDefinitions.length, leave_types: leaveTypeDefinitions.length },
  },
};
