import { channelsInsert, channelsKind, channelsRow, channelsStatus } from "@erp/db-types";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, code, currency, id, name, url } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";
import { setStatusProcedure } from "./partnerStatus.ts";

const fields = tableInput(channelsInsert, {
  code,
  name,
  kind: true,
  status: true,
  currency,
  default_warehouse_id: id,
  website_url: url,
  attributes,
});

export const salesChannelsRouter = router({
  ...createCrudProcedures({
    module: "channels",
    table: "channels",
    entity: "channel",
    row: channelsRow,
    create: fields,
    update: fields.partial(),
    filters: { status: channelsStatus.optional(), kind: channelsKind.optional() },
    search: ["code", "name"],
    archiveStatus: "archived",
  }),
  setStatus: setStatusProcedure("channels", channelsStatus.options, "channel"),
});
