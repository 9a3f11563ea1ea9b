import { router } from "../../trpc.ts";
import { attributionRouter } from "./attribution.ts";
import {
  channelOrdersRouter,
  channelProductsRouter,
  dealerContactsRouter,
  dealerOrdersRouter,
  dealerPriceAgreementsRouter,
  franchiseRoyaltiesRouter,
  marketplaceAccountsRouter,
  partnerReferralsRouter,
} from "./channelRecords.ts";
import { salesChannelsRouter } from "./channels.ts";
import { commissionPayoutsRouter } from "./commissionPayouts.ts";
import { commissionRulesRouter } from "./commissionRules.ts";
import { commissionRunsRouter } from "./commissionRuns.ts";
import { communityPartnersRouter } from "./communityPartners.ts";
import { dealersRouter } from "./dealers.ts";
import { franchiseesRouter } from "./franchisees.ts";
import { territoriesRouter, territoryAssignmentsRouter } from "./territories.ts";

export const channelsRouter = router({
  channels: salesChannelsRouter,
  dealers: dealersRouter,
  franchisees: franchiseesRouter,
  communityPartners: communityPartnersRouter,
  attribution: attributionRouter,
  commissionRules: commissionRulesRouter,
  commissionRuns: commissionRunsRouter,
  commissionPayouts: commissionPayoutsRouter,
  // Master data and plain records (docs/modules/channels.md, "Master data").
  territories: territoriesRouter,
  territoryAssignments: territoryAssignmentsRouter,
  dealerContacts: dealerContactsRouter,
  dealerPriceAgreements: dealerPriceAgreementsRouter,
  marketplaceAccounts: marketplaceAccountsRouter,
  channelProducts: channelProductsRouter,
  partnerReferrals: partnerReferralsRouter,
  franchiseRoyalties: franchiseRoyaltiesRouter,
  channelOrders: channelOrdersRouter,
  dealerOrders: dealerOrdersRouter,
});
