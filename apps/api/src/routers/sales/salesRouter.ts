import { router } from "../../trpc.ts";
import { addressesRouter, customersRouter } from "./customers.ts";
import { ordersRouter } from "./orders.ts";

export const salesRouter = router({
  customers: customersRouter,
  addresses: addressesRouter,
  orders: ordersRouter,
});
