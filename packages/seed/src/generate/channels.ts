import { byCode } from "../reference/loadReference.ts";
import { Calendar } from "./calendar.ts";
import type { Catalog } from "./catalog.ts";
import type { UnitContext } from "./context.ts";
import { emailAddress, numbered } from "./keyTag.ts";
import { decimal } from "./money.ts";
import type { Sales } from "./sales.ts";

/**
 * Sales channels: dealers, franchisees and community partners (dealers and franchisees trade
 * through their own customer accounts), the catalogue listed on the web shop, which orders
 * came in through the web shop or a dealer (with their attribution), and the dealers' commission rule.
 */
export function generateChannels(ctx: UnitContext, catalog: Catalog, sales: Sales): void {
  const { faker, id, data, tag, volumes, reference, calendar } = ctx;
  const channel = (code: string) => byCode(reference.channels, code, "channel").id;

  const dealers = Array.from({ length: volumes.dealers }, (_, k) => {
    const customer = sales.customers[k];
    if (!customer) throw new Error("A dealer needs a customer account.");
    return data.add("dealers", {
      id: id(),
      dealer_code: numbered(tag, "D", k + 1, 4),
      name: customer.name.slice(0, 200),
      legal_name: `${customer.name} Inc.`,
      email: emailAddress(tag, customer.name, k + 1, "dealer.example.com"),
      phone: faker.phone.number({ style: "national" }),
      region: faker.location.state(),
      tier: faker.helpers.arrayElement(["standard", "silver", "gold", "platinum"]),
      credit_limit: "25000.00",
      payment_terms_days: 30,
      currency: "USD",
      status: "active",
      channel_id: channel("DEALER"),
      customer_id: customer.id,
      onboarded_on: Calendar.day(calendar.before(faker.number.int({ min: 200, max: 900 }))),
    });
  });
  for (let k = 0; k < volumes.franchisees; k++) {
    const customer = sales.customers[volumes.dealers + k];
    if (!customer) throw new Error("A franchisee needs a customer account.");
    const start = calendar.before(faker.number.int({ min: 300, max: 1200 }));
    data.add("franchisees", {
      id: id(),
      franchise_code: numbered(tag, "F", k + 1, 4),
      name: customer.name.slice(0, 200),
      email: emailAddress(tag, customer.name, k + 1, "franchise.example.com"),
      phone: faker.phone.number({ style: "national" }),
      territory: faker.location.state(),
      channel_id: channel("FRANCHISE"),
      customer_id: customer.id,
      royalty_rate: "6.0000",
      marketing_fee_rate: "2.0000",
      initial_fee: "25000.00",
      currency: "USD",
      agreement_start: Calendar.day(start),
      agreement_end: Calendar.addDays(Calendar.day(start), 5 * 365),
      status: "active",
    });
  }
  for (let k = 0; k < volumes.communityPartners; k++) {
    const name = faker.person.fullName();
    data.add("community_partners", {
      id: id(),
      partner_code: numbered(tag, "CP", k + 1, 4),
      name,
      kind: faker.helpers.arrayElement(["affiliate", "influencer", "ambassador", "club"]),
      email: emailAddress(tag, name, k + 1, "partner.example.com"),
      referral_code: numbered(tag, "REF", k + 1, 4),
      commission_rate: "5.0000",
      channel_id: channel("COMMUNITY"),
      status: "active",
      joined_on: Calendar.day(calendar.before(faker.number.int({ min: 100, max: 500 }))),
    });
  }

  const listedAt = Calendar.at(calendar.before(100));
  for (const [k, product] of catalog.products.entries()) {
    const variant = catalog.variants[k]?.[0];
    if (!variant) continue;
    data.add("channel_products", {
      id: id(),
      channel_id: channel("WEB"),
      product_id: product.id,
      product_variant_id: variant.id,
      channel_sku: variant.sku,
      price: decimal(variant.priceCents),
      currency: "USD",
      is_listed: true,
      listed_at: listedAt,
    });
  }
  for (const order of sales.orders) {
    if (order.shape.channel === "web") {
      data.add("channel_orders", {
        id: id(),
        channel_id: channel("WEB"),
        order_id: order.id,
        external_order_id: numbered(tag, "WEB", order.shape.index + 1),
        external_status: order.shape.status,
        ordered_at: Calendar.at(order.orderedAt),
        imported_at: Calendar.at(Calendar.after(order.orderedAt, 5)),
        total_amount: decimal(order.grandCents),
        marketplace_fee: "0",
        currency: "USD",
        raw_payload: { number: order.number, total: decimal(order.grandCents) },
      });
      data.add("order_attributions", { id: id(), order_id: order.id, channel_id: channel("WEB") });
    } else if (order.shape.channel === "dealer") {
      const dealer = dealers[order.shape.customer];
      if (!dealer) continue;
      const status = { confirmed: "approved", shipped: "fulfilled", delivered: "fulfilled", cancelled: "cancelled" } as const;
      data.add("dealer_orders", {
        id: id(),
        dealer_id: dealer.id,
        order_id: order.id,
        dealer_reference: numbered(tag, "DR", order.shape.index + 1),
        placed_at: Calendar.at(order.orderedAt),
        status: status[order.shape.status],
        credit_checked_at: Calendar.at(Calendar.after(order.orderedAt, 10)),
      });
      data.add("order_attributions", {
        id: id(),
        order_id: order.id,
        channel_id: channel("DEALER"),
        beneficiary_type: "dealer",
        dealer_id: dealer.id,
      });
    }
  }
}
