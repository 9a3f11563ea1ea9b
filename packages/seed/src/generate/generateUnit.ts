import { generateAnalytics } from "./analytics.ts";
import { generateCatalog } from "./catalog.ts";
import { generateChannels } from "./channels.ts";
import { generateCms } from "./cms.ts";
import type { UnitContext } from "./context.ts";
import { generateFinance } from "./finance.ts";
import { generateHr } from "./hr.ts";
import { generateInventory } from "./inventory.ts";
import type { Postings } from "./postings.ts";
import { generateProcurement } from "./procurement.ts";
import { generateSales, type Sales } from "./sales.ts";
import { generateService } from "./service.ts";

/**
 * One unit of volume data for the tier's modules, in the order the business happens: the
 * catalogue, sales, purchasing, the stock that results, then the books and everything that
 * refers to customers and orders. Every tier serves catalog, sales and inventory.
 */
export function generateUnit(ctx: UnitContext, postings: Postings): Sales {
  const serves = (module: Parameters<typeof ctx.modules.has>[0]) => ctx.modules.has(module);
  const catalog = generateCatalog(ctx);
  const sales = generateSales(ctx, catalog);
  const procurement = serves("procurement") ? generateProcurement(ctx, catalog) : null;
  const openingValueCents = generateInventory(ctx, catalog, sales, procurement);
  if (serves("finance")) generateFinance(ctx, postings, sales, procurement, openingValueCents);
  if (serves("cms")) generateCms(ctx);
  if (serves("channels")) generateChannels(ctx, catalog, sales);
  if (serves("service")) generateService(ctx, catalog, sales);
  if (serves("analytics")) generateAnalytics(ctx, catalog, sales);
  if (serves("hr")) generateHr(ctx);
  return sales;
}
