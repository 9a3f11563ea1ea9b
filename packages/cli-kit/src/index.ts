// What the command-line programs share (the CLI, the validator, the benches, the doc generators):
// exit codes, option parsing, progress bars, generated files. Commands stay thin over the packages.
export { createProgressBar, type ProgressBar } from "./createProgressBar.ts";
export { parseOptions } from "./parseOptions.ts";
export { runCommand } from "./runCommand.ts";
export { runProgram } from "./runProgram.ts";
export { wholeNumber, wholeNumberSchema } from "./wholeNumber.ts";
export { type GeneratedFile, writeGenerated } from "./writeGenerated.ts";
