import { router } from "../../trpc.ts";
import { addressesRouter, customersRouter } from "./customers.ts";
import { ordersRouter } from "./orders.ts";
import { shipmentsRouter } from "./shipments.ts";

export const salesRouter = router({
  customers: customersRouter,
  addresses: addressesRouter,
  orders: ordersRouter,
  shipments: shipmentsRouter,
});
