import { communityPartnersInsert, communityPartnersKind, communityPartnersRow, communityPartnersStatus } from "@erp/db-types";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, code, date, email, id, money, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";
import { setStatusProcedure } from "./partnerStatus.ts";

const fields = tableInput(communityPartnersInsert, {
  partner_code: code,
  name,
  kind: true,
  email,
  phone: text(50),
  referral_code: code,
  commission_rate: money,
  channel_id: id,
  joined_on: date,
  attributes,
});

export const communityPartnersRouter = router({
  ...createCrudProcedures({
    module: "channels",
    table: "community_partners",
    entity: "community partner",
    row: communityPartnersRow,
    // New partners start pending or active; later moves go through setStatus.
    create: fields.extend({ status: communityPartnersStatus.extract(["pending", "active"]).optional() }),
    update: fields.partial(),
    filters: { channel_id: id.optional(), status: communityPartnersStatus.optional(), kind: communityPartnersKind.optional() },
    search: ["name", "partner_code", "email"],
  }),
  setStatus: setStatusProcedure("community_partners", communityPartnersStatus.options, "community partner"),
});
