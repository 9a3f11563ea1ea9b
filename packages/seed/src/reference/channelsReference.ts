import type { ReferenceContext } from "../generate/context.ts";

export const channelDefinitions = [
  { code: "WEB", name: "Web shop", kind: "online" },
  { code: "STORE", name: "Flagship store", kind: "retail" },
  { code: "DEALER", name: "Dealer network", kind: "dealer" },
  { code: "FRANCHISE", name: "Franchise stores", kind: "franchise" },
  { code: "COMMUNITY", name: "Community partners", kind: "community" },
] as const;

export function generateChannelsReference({ faker, id, reference, data }: ReferenceContext): void {
  for (const channel of channelDefinitions) {
    const channelId = id();
    data.add("channels", {
      id: channelId,
      ...channel,
      status: "active",
      currency: "USD",
      default_warehouse_id: reference.warehouses[0]?.id ?? null,
      website_url: channel.kind === "online" ? `https://${faker.internet.domainWord()}.example.com` : null,
    });
    // Dealers earn 5 % on their orders' invoiced product lines: one rule per tenant (no run yet:
    // runs are the tenant's to make).
    if (channel.code === "DEALER") data.add("commission_rules", { id: id(), channel_id: channelId, rate: "5.0000" });
  }
}
