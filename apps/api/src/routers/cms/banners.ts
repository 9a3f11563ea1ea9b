import { bannersInsert, bannersPlacement, bannersRow, bannersStatus } from "@erp/db-types";
import { cms } from "@erp/erp";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, instant, position, text, url } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

// Status moves only through activate, pause and archive; the window is checked by the database
// (ends_at after starts_at).
const fields = tableInput(bannersInsert, {
  title: text(200).min(1, { error: "must not be empty" }),
  subtitle: text(500),
  image_url: url,
  mobile_image_url: url,
  link_url: text(2000),
  placement: true,
  starts_at: instant,
  ends_at: instant,
  position: position.min(0, { error: "must be 0 or more" }),
});

const crud = createCrudProcedures({
  module: "cms",
  table: "banners",
  entity: "banner",
  row: bannersRow,
  create: fields,
  update: fields.partial(),
  filters: { status: bannersStatus.optional(), placement: bannersPlacement.optional() },
  search: ["title"],
});

const write = () => moduleProcedure("cms", "write");
const transition = (action: cms.BannerAction, summary: string) =>
  write()
    .meta({ summary, errors: ["BAD_REQUEST", "NOT_FOUND"] })
    .input(z.object({ id }))
    .output(bannersRow)
    .mutation(({ ctx, input }) => cms.changeBannerStatus(ctx.tx, { id: input.id, action }, ctx.actor));

export const bannersRouter = router({
  list: crud.list,
  get: crud.get,
  create: write()
    .meta({ summary: "Creates a draft banner with its schedule window (ends_at after starts_at).", errors: ["BAD_REQUEST", "NOT_FOUND"] })
    .input(fields)
    .output(bannersRow)
    .mutation(({ ctx, input }) => cms.createBanner(ctx.tx, input, ctx.actor)),
  update: write()
    .meta({ summary: "Changes a banner's content or schedule window (not an archived banner).", errors: ["BAD_REQUEST", "NOT_FOUND"] })
    .input(fields.partial().extend({ id }))
    .output(bannersRow)
    .mutation(({ ctx, input }) => cms.updateBanner(ctx.tx, input, ctx.actor)),
  activate: transition("activate", "Activates a draft or paused banner: on the website while now lies in its window."),
  pause: transition("pause", "Pauses an active banner: off the website whatever its window says."),
  archive: transition("archive", "Archives a banner for good."),
});
