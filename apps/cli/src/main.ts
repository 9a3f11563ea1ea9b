#!/usr/bin/env node
import { Command, CommanderError } from "commander";
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

try {
  await program.parseAsync();
} catch (error) {
  // Commander already printed its one-line message (unknown option, missing argument): bad input exits 2.
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    throw error;
  }
}
