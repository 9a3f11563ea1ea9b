#!/usr/bin/env node
import { runProgram } from "@erp/cli-kit";
import { Command } from "commander";
import { registerProvisionCommand } from "./commands/provision.ts";
import { registerSeedCommands } from "./commands/seed.ts";
import { registerTenantsCommands } from "./commands/tenants.ts";

/** The operator CLI: `pnpm provision`, `pnpm tenants`, `pnpm seed`. Thin: parses, shows progress, calls the packages. */
const program = new Command("erp")
  .description("Operate the multi-tenant ERP platform: provision tenants, list and drop them, seed demo data.")
  .exitOverride()
  .showHelpAfterError("(add --help for usage)");

registerProvisionCommand(program);
registerTenantsCommands(program);
registerSeedCommands(program);

await runProgram(program);
