import { byCode } from "../reference/loadReference.ts";
import { Calendar } from "./calendar.ts";
import type { Catalog, Variant } from "./catalog.ts";
import type { UnitContext } from "./context.ts";
import { emailAddress, numbered } from "./keyTag.ts";
import { decimal, percentOf, share, sum } from "./money.ts";
import { isShipped, type OrderShape, type OrderStatus, orderShapes, statusTransitions } from "./orderShapes.ts";

export type Customer = { id: string; name: string; business: boolean; billingAddressId: string; shippingAddressId: string };

export type OrderLine = {
  id: string;
  variant: Variant;
  quantity: number;
  unitCents: number;
  discountCents: number;
  taxCents: number;
  /** quantity × unit − discount + tax, as order_items.line_total. */
  totalCents: number;
};

export type Order = {
  shape: OrderShape;
  id: string;
  number: string;
  customer: Customer;
  orderedAt: Date;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  paidAt: Date | null;
  /** The order's one shipment (every line in full), when it shipped. */
  shipmentId: string | null;
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  shippingCents: number;
  grandCents: number;
  lines: OrderLine[];
};

export type Sales = { customers: Customer[]; orders: Order[] };

/**
 * Customers with billing and shipping addresses, and orders whose totals add up: each line is
 * quantity × price − discount + tax (tax on the discounted amount, rounded half up to the cent),
 * the order is the sum of its lines plus shipping. Shipped orders have their shipment and take
 * stock out of the warehouse; delivered ones are paid.
 */
export function generateSales(ctx: UnitContext, catalog: Catalog): Sales {
  const { faker, id, data, tag, volumes, reference, calendar } = ctx;
  const methods = [
    byCode(reference.shippingMethods, "STANDARD", "shipping method"),
    byCode(reference.shippingMethods, "EXPRESS", "shipping method"),
  ];
  const businessCustomers = volumes.dealers + volumes.franchisees;
  // Shipments are numbered in the tenant's shipment series format, consecutively (gapless, as the API numbers them).
  let shipments = 0;

  const customers = Array.from({ length: volumes.customers }, (_, k): Customer => {
    const business = k < businessCustomers || k % 3 === 0;
    const person = faker.person.fullName();
    const name = business ? faker.company.name() : person;
    const customer = data.add("customers", {
      id: id(),
      customer_number: numbered(tag, "C", k + 1),
      // A customer since before the history's first order (and the opening stock count).
      created_at: Calendar.at(calendar.before(90, k)),
      type: business ? "business" : "individual",
      name: name.slice(0, 200),
      company_name: business ? name : null,
      email: emailAddress(tag, name, k + 1),
      phone: faker.phone.number({ style: "national" }),
      tax_number: business ? faker.string.numeric(9) : null,
      status: "active",
      credit_limit: business ? "10000.00" : "0.00",
      currency: "USD",
      payment_terms_days: business ? 30 : 0,
      marketing_opt_in: k % 2 === 0,
    });
    const address = (kind: "billing" | "shipping") =>
      data.add("customer_addresses", {
        id: id(),
        customer_id: customer.id,
        kind,
        label: kind === "billing" ? "Head office" : "Deliveries",
        recipient_name: person,
        company: business ? name : null,
        line1: faker.location.streetAddress(),
        city: faker.location.city(),
        region: faker.location.state({ abbreviated: true }),
        postal_code: faker.location.zipCode("#####"),
        country: "US",
        is_default: true,
      }).id;
    return { id: customer.id, name, business, billingAddressId: address("billing"), shippingAddressId: address("shipping") };
  });

  const orders = orderShapes(volumes).map((shape): Order => {
    const customer = customers[shape.customer] as Customer;
    const method = methods[shape.index % methods.length] as (typeof methods)[number];
    const orderedAt = calendar.before(shape.daysBefore, faker.number.int({ min: 8 * 60, max: 20 * 60 }));
    const shippedAt = isShipped(shape) ? Calendar.after(orderedAt, faker.number.int({ min: 24 * 60, max: 48 * 60 })) : null;
    const deliveredAt =
      shape.status === "delivered" && shippedAt ? Calendar.after(shippedAt, faker.number.int({ min: 24 * 60, max: 96 * 60 })) : null;
    const paidAt = deliveredAt ? Calendar.after(deliveredAt, 24 * 60) : null;
    const orderId = id();
    const shipmentId = shippedAt ? id() : null;
    const lines = shape.lines.map(({ product, variant: size }, position): OrderLine => {
      const variant = catalog.variants[product]?.[size] as Variant;
      const quantity = faker.number.int({ min: 1, max: 3 });
      const gross = quantity * variant.priceCents;
      // Every fourth order carries a 10 % promotion on its first line.
      const discountCents = shape.index % 4 === 1 && position === 0 ? share(gross, 10) : 0;
      const taxCents = percentOf(gross - discountCents, variant.taxRate);
      return {
        id: id(),
        variant,
        quantity,
        unitCents: variant.priceCents,
        discountCents,
        taxCents,
        totalCents: gross - discountCents + taxCents,
      };
    });
    const subtotalCents = sum(lines.map((line) => line.quantity * line.unitCents));
    const discountCents = sum(lines.map((line) => line.discountCents));
    const taxCents = sum(lines.map((line) => line.taxCents));
    const shippingCents = method.base_rate;
    const order: Order = {
      shape,
      id: orderId,
      number: numbered(tag, "SO", shape.index + 1),
      customer,
      orderedAt,
      shippedAt,
      deliveredAt,
      paidAt,
      shipmentId,
      subtotalCents,
      discountCents,
      taxCents,
      shippingCents,
      grandCents: subtotalCents - discountCents + taxCents + shippingCents,
      lines,
    };
    const cancelledAt = shape.status === "cancelled" ? Calendar.after(orderedAt, faker.number.int({ min: 60, max: 360 })) : null;
    const confirmedAt = cancelledAt ? null : Calendar.after(orderedAt, faker.number.int({ min: 20, max: 90 }));
    data.add("orders", {
      id: orderId,
      order_number: order.number,
      customer_id: customer.id,
      price_list_id: byCode(reference.priceLists, "RETAIL", "price list").id,
      shipping_method_id: method.id,
      billing_address_id: customer.billingAddressId,
      shipping_address_id: customer.shippingAddressId,
      source:
        shape.channel === "web" ? "web" : shape.channel === "dealer" ? "api" : faker.helpers.arrayElement(["manual", "phone", "email"]),
      status: shape.status,
      payment_status: paidAt ? "paid" : "unpaid",
      ordered_at: Calendar.at(orderedAt),
      confirmed_at: confirmedAt && Calendar.at(confirmedAt),
      shipped_at: shippedAt && Calendar.at(shippedAt),
      delivered_at: deliveredAt && Calendar.at(deliveredAt),
      cancelled_at: cancelledAt && Calendar.at(cancelledAt),
      cancel_reason: cancelledAt ? "Customer changed their mind" : null,
      currency: "USD",
      subtotal: decimal(subtotalCents),
      discount_total: decimal(discountCents),
      tax_total: decimal(taxCents),
      shipping_total: decimal(shippingCents),
      grand_total: decimal(order.grandCents),
    });
    for (const [position, line] of lines.entries()) {
      data.add("order_items", {
        id: line.id,
        order_id: orderId,
        product_id: line.variant.productId,
        product_variant_id: line.variant.id,
        tax_rate_id: line.variant.taxRateId,
        sku: line.variant.sku,
        name: line.variant.name,
        quantity: String(line.quantity),
        unit_price: decimal(line.unitCents),
        discount_amount: decimal(line.discountCents),
        tax_amount: decimal(line.taxCents),
        line_total: decimal(line.totalCents),
        currency: "USD",
        quantity_shipped: String(shippedAt ? line.quantity : 0),
        // Every shipped order is invoiced in full at shipping (finance), so what shipped is invoiced.
        quantity_invoiced: String(shippedAt && ctx.modules.has("finance") ? line.quantity : 0),
        position,
      });
    }
    const changedAt: Record<OrderStatus, Date | null> = {
      confirmed: confirmedAt,
      shipped: shippedAt,
      delivered: deliveredAt,
      cancelled: cancelledAt,
    };
    for (const [from, to] of statusTransitions[shape.status]) {
      data.add("order_status_history", {
        id: id(),
        order_id: orderId,
        from_status: from,
        to_status: to,
        changed_at: Calendar.at(changedAt[to] as Date),
      });
    }
    if (shippedAt && shipmentId) {
      shipments += 1;
      data.add("shipments", {
        id: shipmentId,
        shipment_number: numbered(tag, "SH", shipments),
        order_id: orderId,
        shipping_method_id: method.id,
        shipping_address_id: customer.shippingAddressId,
        carrier: method.carrier,
        service_level: method.service_level,
        tracking_number: faker.string.alphanumeric({ length: 18, casing: "upper" }),
        status: deliveredAt ? "delivered" : "shipped",
        package_count: 1,
        shipping_cost: decimal(shippingCents),
        currency: "USD",
        shipped_at: Calendar.at(shippedAt),
        delivered_at: deliveredAt && Calendar.at(deliveredAt),
      });
      for (const line of lines) {
        data.add("shipment_items", {
          id: id(),
          shipment_id: shipmentId,
          order_item_id: line.id,
          quantity: String(line.quantity),
          unit_cost: decimal(line.variant.costCents),
        });
        ctx.stockEvents.push({
          id: id(),
          productId: line.variant.productId,
          variantId: line.variant.id,
          movementType: "sale",
          quantity: -line.quantity,
          unitCostCents: line.variant.costCents,
          movedAt: shippedAt,
          referenceType: "shipment",
          referenceId: shipmentId,
        });
      }
    }
    if (paidAt) {
      data.add("payments", {
        id: id(),
        payment_number: numbered(tag, "PAY", shape.index + 1),
        order_id: orderId,
        customer_id: customer.id,
        amount: decimal(order.grandCents),
        currency: "USD",
        method: "bank_transfer",
        status: "captured",
        authorized_at: Calendar.at(paidAt),
        paid_at: Calendar.at(paidAt),
      });
    }
    return order;
  });
  return { customers, orders };
}
