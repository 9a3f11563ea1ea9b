import {
  channelOrdersRow,
  channelProductsInsert,
  channelProductsRow,
  dealerContactsInsert,
  dealerContactsRow,
  dealerOrdersRow,
  dealerOrdersStatus,
  dealerPriceAgreementsInsert,
  dealerPriceAgreementsRow,
  dealerPriceAgreementsStatus,
  franchiseRoyaltiesRow,
  franchiseRoyaltiesStatus,
  marketplaceAccountsInsert,
  marketplaceAccountsRow,
  marketplaceAccountsStatus,
  partnerReferralsInsert,
  partnerReferralsRow,
  partnerReferralsStatus,
} from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, currency, date, decimal, email, id, instant, money, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const percent = decimal.refine((value) => Number(value) <= 100, { error: "must be between 0 and 100" });

const contactFields = tableInput(dealerContactsInsert, {
  dealer_id: id,
  name,
  job_title: text(200),
  email,
  phone: text(50),
  is_primary: true,
});
const contacts = createCrudProcedures({
  module: "channels",
  table: "dealer_contacts",
  entity: "dealer contact",
  row: dealerContactsRow,
  create: contactFields,
  update: contactFields.omit({ dealer_id: true }).partial(),
  filters: { dealer_id: id.optional(), is_primary: z.boolean().optional() },
  search: ["name", "email"],
  removable: true,
});
export const dealerContactsRouter = router({
  list: contacts.list,
  get: contacts.get,
  create: contacts.create,
  update: contacts.update,
  remove: contacts.remove,
});

// Product or category (not both); a discount or a fixed price (fixed only for a product); valid_to on or after valid_from:
// CHECKs of the table, each answered BAD_REQUEST with its sentence. The number is unique: CONFLICT.
const agreementFields = tableInput(dealerPriceAgreementsInsert, {
  agreement_number: text(50).trim().min(1, { error: "must not be empty" }),
  dealer_id: id,
  product_id: id,
  category_id: id,
  discount_percent: percent,
  fixed_price: money,
  currency,
  min_quantity: decimal,
  valid_from: date,
  valid_to: date,
  status: true,
});
const agreements = createCrudProcedures({
  module: "channels",
  table: "dealer_price_agreements",
  entity: "dealer price agreement",
  row: dealerPriceAgreementsRow,
  create: agreementFields,
  update: agreementFields.omit({ agreement_number: true, dealer_id: true }).partial(),
  filters: { dealer_id: id.optional(), status: dealerPriceAgreementsStatus.optional(), product_id: id.optional() },
  search: ["agreement_number"],
  archiveStatus: "cancelled",
});
export const dealerPriceAgreementsRouter = router({
  list: agreements.list,
  get: agreements.get,
  create: agreements.create,
  update: agreements.update,
  archive: agreements.archive,
});

// `settings` may hold the marketplace's API credentials: it is neither accepted nor returned here.
const accountRow = marketplaceAccountsRow.omit({ settings: true });
const accountFields = tableInput(marketplaceAccountsInsert, {
  channel_id: id,
  marketplace: text(100).trim().min(1, { error: "must not be empty" }),
  external_account_id: text(200).trim().min(1, { error: "must not be empty" }),
  name,
  region: text(100),
  status: true,
});
const accounts = createCrudProcedures({
  module: "channels",
  table: "marketplace_accounts",
  entity: "marketplace account",
  row: accountRow,
  create: accountFields,
  update: accountFields.omit({ channel_id: true, external_account_id: true }).partial(),
  filters: { channel_id: id.optional(), status: marketplaceAccountsStatus.optional() },
  search: ["name", "marketplace", "external_account_id"],
  archiveStatus: "closed",
});
export const marketplaceAccountsRouter = router({
  list: accounts.list,
  get: accounts.get,
  create: accounts.create,
  update: accounts.update,
  archive: accounts.archive,
});

// channel_sku is unique per channel, and a product (variant) is listed once per channel: CONFLICT.
const listingFields = tableInput(channelProductsInsert, {
  channel_id: id,
  product_id: id,
  product_variant_id: id,
  marketplace_account_id: id,
  channel_sku: text(100).trim().min(1, { error: "must not be empty" }),
  external_listing_id: text(200),
  price: money,
  compare_at_price: money,
  currency,
  is_listed: true,
  listed_at: instant,
  delisted_at: instant,
  attributes,
});
const listings = createCrudProcedures({
  module: "channels",
  table: "channel_products",
  entity: "channel product",
  row: channelProductsRow,
  create: listingFields,
  update: listingFields.omit({ channel_id: true, product_id: true, product_variant_id: true }).partial(),
  filters: { channel_id: id.optional(), product_id: id.optional(), is_listed: z.boolean().optional() },
  search: ["channel_sku", "external_listing_id"],
  removable: true,
});
export const channelProductsRouter = router({
  list: listings.list,
  get: listings.get,
  create: listings.create,
  update: listings.update,
  remove: listings.remove,
});

// 'converted' needs the order (a CHECK); the order is unique: one referral per order.
const referralFields = tableInput(partnerReferralsInsert, {
  community_partner_id: id,
  customer_id: id,
  order_id: id,
  landing_page_id: id,
  referral_code: text(100),
  source: text(200),
  status: true,
  referred_at: instant,
  converted_at: instant,
});
const referrals = createCrudProcedures({
  module: "channels",
  table: "partner_referrals",
  entity: "partner referral",
  row: partnerReferralsRow,
  create: referralFields,
  update: referralFields.omit({ community_partner_id: true }).partial(),
  filters: { community_partner_id: id.optional(), status: partnerReferralsStatus.optional(), customer_id: id.optional() },
  search: ["referral_code", "source"],
  archiveStatus: "expired",
});
export const partnerReferralsRouter = router({
  list: referrals.list,
  get: referrals.get,
  create: referrals.create,
  update: referrals.update,
  archive: referrals.archive,
});

// Read-only records: royalties are computed and invoiced by the royalty run, channel orders are written by the
// marketplace import, dealer orders by dealer ordering with its credit check; none is master data to edit by hand.
const none = z.object({});
const royalties = createCrudProcedures({
  module: "channels",
  table: "franchise_royalties",
  entity: "franchise royalty",
  row: franchiseRoyaltiesRow,
  create: none,
  update: none,
  filters: { franchisee_id: id.optional(), status: franchiseRoyaltiesStatus.optional() },
});
export const franchiseRoyaltiesRouter = router({ list: royalties.list, get: royalties.get });

const channelOrders = createCrudProcedures({
  module: "channels",
  table: "channel_orders",
  entity: "channel order",
  // raw_payload is the marketplace's own document: large, and not the API's to interpret.
  row: channelOrdersRow.omit({ raw_payload: true }),
  create: none,
  update: none,
  filters: { channel_id: id.optional(), marketplace_account_id: id.optional() },
});
export const channelOrdersRouter = router({ list: channelOrders.list, get: channelOrders.get });

const dealerOrders = createCrudProcedures({
  module: "channels",
  table: "dealer_orders",
  entity: "dealer order",
  row: dealerOrdersRow,
  create: none,
  update: none,
  filters: { dealer_id: id.optional(), status: dealerOrdersStatus.optional() },
});
export const dealerOrdersRouter = router({ list: dealerOrders.list, get: dealerOrders.get });
