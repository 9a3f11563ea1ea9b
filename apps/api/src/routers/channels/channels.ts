import { channelsRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, code, currency, id, name, url } from "../../validation/fields.ts";

const status = z.enum(["active", "inactive", "archived"]);
const kind = z.enum(["online", "retail", "marketplace", "dealer", "franchise", "community"]);
const fields = z.object({
  code,
  name,
  kind: kind.optional(),
  status: status.optional(),
  currency: currency.optional(),
  default_warehouse_id: id.nullish(),
  website_url: url.nullish(),
  attributes: attributes.optional(),
});

export const salesChannelsRouter = router(
  createCrudProcedures({
    module: "channels",
    table: "channels",
    entity: "channel",
    row: channelsRow,
    create: fields,
    update: fields.partial(),
    filters: { status: status.optional(), kind: kind.optional() },
    search: ["code", "name"],
    archiveStatus: "archived",
  }),
);
