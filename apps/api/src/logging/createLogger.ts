import { type DestinationStream, pino } from "pino";
import type { LogLevel } from "../env.ts";

export type LogFields = Record<string, unknown>;
export type Logger = {
  debug: (message: string, fields?: LogFields) => void;
  info: (message: string, fields?: LogFields) => void;
  warn: (message: string, fields?: LogFields) => void;
  error: (message: string, fields?: LogFields) => void;
};

// One asynchronous stdout stream for every logger of the process: stdout to a pipe or a file is
// synchronous in Node, and a write per request cost measurable throughput. pino flushes what is
// still pending when the process exits.
let stdout: DestinationStream | undefined;

/**
 * One JSON object per line (`{"level":"info","time":"…","msg":"…",…fields}`), at `level` and
 * above, written by pino: to stdout, or line by line to `write` (tests keep them in memory).
 * `log.info(message, fields)` is this project's calling convention; pino's is the reverse.
 */
export function createLogger(level: LogLevel, write?: (line: string) => void): Logger {
  const destination = write ? { write: (line: string) => write(line.endsWith("\n") ? line.slice(0, -1) : line) } : stdoutStream();
  const logger = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return {
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}

function stdoutStream(): DestinationStream {
  stdout ??= pino.destination({ dest: 1, sync: false });
  return stdout;
}
