import type { LogLevel } from "../env.ts";

export type LogFields = Record<string, unknown>;
export type Logger = {
  debug: (message: string, fields?: LogFields) => void;
  info: (message: string, fields?: LogFields) => void;
  warn: (message: string, fields?: LogFields) => void;
  error: (message: string, fields?: LogFields) => void;
};

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One JSON object per line, at `level` and above: what log shippers parse. Lines go to `write` (stdout when left out). */
export function createLogger(level: LogLevel, write: (line: string) => void = bufferedStdout()): Logger {
  const at =
    (entryLevel: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      if (rank[entryLevel] < rank[level]) return;
      write(JSON.stringify({ time: new Date().toISOString(), level: entryLevel, msg: message, ...fields }));
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/**
 * Writes to stdout a few times per event-loop turn instead of once per line: stdout to a pipe or a
 * file is synchronous in Node, and a write per request cost measurable throughput. Lines still
 * pending when the process exits are written then.
 */
function bufferedStdout(): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    process.stdout.write(`${pending.join("\n")}\n`);
    pending = [];
  };
  process.on("exit", flush);
  return (line) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(line);
  };
}
