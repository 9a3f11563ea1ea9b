import { ErpError, InvalidInputError } from "@erp/db";

/**
 * Runs a command's body (a number it returns is the exit code) and turns failures into one line on stderr: exit 2 for bad input,
 * 1 for anything else. Stack traces only with ERP_DEBUG=1 (unexpected errors say so).
 */
export async function runCommand(body: () => Promise<unknown>): Promise<void> {
  try {
    const result = await body();
    process.exitCode = typeof result === "number" ? result : 0;
  } catch (error) {
    process.exitCode = error instanceof InvalidInputError ? 2 : 1;
    if (error instanceof ErpError) {
      process.stderr.write(`error: ${error.message}\n`);
    } else {
      const message = (error as Error)?.message ?? String(error);
      process.stderr.write(`error: ${message.split("\n")[0]}${process.env.ERP_DEBUG ? "" : " (set ERP_DEBUG=1 for details)"}\n`);
    }
    if (process.env.ERP_DEBUG) console.error(error);
  }
}
