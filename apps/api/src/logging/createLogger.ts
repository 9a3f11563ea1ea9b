import type { LogLevel } from "../env.ts";

export type LogFields = Record<string, unknown>;
export type Logger = {
  debug: (message: string, fields?: LogFields) => void;
  info: (message: string, fields?: LogFields) => void;
  warn: (message: string, fields?: LogFields) => void;
  error: (message: string, fields?: LogFields) => void;
};

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One JSON object per line on stdout (or `write`), at `level` and above: what log shippers parse. */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const at =
    (entryLevel: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      if (rank[entryLevel] < rank[level]) return;
      write(JSON.stringify({ time: new Date().toISOString(), level: entryLevel, msg: message, ...fields }));
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
