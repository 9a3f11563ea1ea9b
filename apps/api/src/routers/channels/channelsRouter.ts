import { router } from "../../trpc.ts";
import { salesChannelsRouter } from "./channels.ts";
import { dealersRouter } from "./dealers.ts";

export const channelsRouter = router({
  channels: salesChannelsRouter,
  dealers: dealersRouter,
});
