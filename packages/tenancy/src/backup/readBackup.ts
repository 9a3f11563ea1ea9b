import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { InvalidInputError } from "@erp/db";
import type { z } from "zod";
import { type BackupHeader, backupFormatVersion, backupHeader } from "./backupFormat.ts";

/** A backup file opened for reading: its header, then its lines one by one (each with its "\n"). */
export type BackupReader = {
  header: BackupHeader;
  /** The next line, or null at the end of the file. */
  next: () => Promise<Buffer | null>;
  /** The next line as a JSON record of `shape`; a missing or different line is the file's damage, told in one sentence. */
  nextRecord: <S extends z.ZodType>(shape: S, what: string) => Promise<z.output<S>>;
  close: () => void;
};

/**
 * Opens a backup and reads its header: a missing file, a file that is not gzip data or whose
 * first line is not a backup header, or a newer format, is refused in one sentence.
 */
export async function openBackup(file: string): Promise<BackupReader> {
  const exists = await stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
  if (!exists) throw new InvalidInputError(`There is no backup file at ${file}.`);
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  const lines = splitLines(gunzip)[Symbol.asyncIterator]();
  const damaged = (why: string) => new InvalidInputError(`${file} is damaged (${why}): nothing was restored.`);
  const next = async () => {
    try {
      const line = await lines.next();
      return line.done ? null : line.value;
    } catch (error) {
      throw damaged(`${(error as Error).message}`);
    }
  };
  const close = () => {
    input.destroy();
    gunzip.destroy();
  };

  let first: Buffer | null;
  try {
    first = await lines.next().then((line) => (line.done ? null : line.value));
  } catch {
    close();
    throw new InvalidInputError(`${file} is not a tenant backup (not gzip-compressed data).`);
  }
  const parsed = backupHeader.safeParse(parseJson(first));
  if (!parsed.success) {
    close();
    const version = (parseJson(first) as { format?: unknown; formatVersion?: unknown } | null) ?? {};
    if (
      version.format === "erp-tenant-backup" &&
      typeof version.formatVersion === "number" &&
      version.formatVersion > backupFormatVersion
    ) {
      throw new InvalidInputError(
        `${file} has backup format version ${version.formatVersion}; this build reads version ${backupFormatVersion}.`,
      );
    }
    throw new InvalidInputError(`${file} is not a tenant backup (its first line is not a backup header).`);
  }
  if (parsed.data.formatVersion !== backupFormatVersion) {
    close();
    throw new InvalidInputError(
      `${file} has backup format version ${parsed.data.formatVersion}; this build reads version ${backupFormatVersion}.`,
    );
  }
  return {
    header: parsed.data,
    next,
    nextRecord: async (shape, what) => {
      const line = await next();
      if (line === null) throw damaged(`it ends before ${what}; the file is truncated`);
      const record = shape.safeParse(parseJson(line));
      if (!record.success) throw damaged(`expected ${what}`);
      return record.data;
    },
    close,
  };
}

function parseJson(line: Buffer | null): unknown {
  if (line === null) return null;
  try {
    return JSON.parse(line.toString("utf8"));
  } catch {
    return null;
  }
}

/** Lines of a byte stream, each with its "\n" (a last line without one is yielded as it is). */
async function* splitLines(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest: Buffer | undefined;
  for await (const chunk of input) {
    const buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    rest = undefined;
    let start = 0;
    for (let end = buffer.indexOf(10); end !== -1; end = buffer.indexOf(10, start)) {
      yield buffer.subarray(start, end + 1);
      start = end + 1;
    }
    if (start < buffer.length) rest = buffer.subarray(start);
  }
  if (rest) yield rest;
}
