import { type Command, CommanderError } from "commander";

/**
 * Parses the command line and runs the chosen command. Commander prints its own one-line message
 * for bad usage (unknown option, missing argument); that exits 2, like bad input inside a command
 * (`runCommand`), and `--help` exits 0. The program must be built with `.exitOverride()`.
 */
export async function runProgram(program: Command, argv?: readonly string[]): Promise<void> {
  try {
    await program.parseAsync(argv as string[] | undefined);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  }
}
