import pg from "pg";

export type AffinePoolOptions = {
  /** Connections at most. */
  max: number;
  /** How each connection is opened (URL, startup parameters, type parsers, connect timeout). */
  client: pg.ClientConfig;
  /** An idle connection is closed after this long. */
  idleTimeoutMs: number;
  /** A connection is closed, when it is next released, once it is this old. */
  maxLifetimeMs: number;
  /** A connection is closed, when it is next released, once it has served more tenants than this. */
  maxTenantsPerConnection: number;
  /** A caller waits this long for a connection, then gets pg's "timeout exceeded when trying to connect". */
  waitTimeoutMs: number;
};

/** A checked-out connection: pg's client, given back with `release(destroy?)` as from pg.Pool. */
export type AffineClient = pg.PoolClient;

type Slot = { index: number; client?: pg.Client; busy: boolean; createdAt: number; tenants: Set<string>; idleTimer?: NodeJS.Timeout };
type Waiter = {
  key: string;
  homes: readonly number[];
  /** How often a connection went to a younger waiter while this one waited. */
  passes: number;
  resolve: (client: AffineClient) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
};

/**
 * A waiter passed over this many times the pool's size gets the next connection whatever its
 * tenant. Counted in hand-overs, not in milliseconds, so the bound scales with the pool's pace:
 * a 20 ms bound, shorter than the queue's wait at saturation, turned the queue into plain FIFO
 * and sent every tenant to every backend. With two homes in ten connections a waiter's home
 * is freed one hand-over in five, so 30 passes happen to ≈ 0.1 % of waiters.
 */
const maxPassesPerSlot = 3;

/**
 * Connections that keep to their tenants. Every tenant has two home connections (two hashes of
 * its key, the schema name). With one home and a 20 ms bound on waiting for it, a tenant whose
 * home was busy spilled to any connection, and spread over 1,000 tenants each backend ended up
 * holding 456 MB of caches; with two and the bound above, 164–193 MB (docs/capacity.md).
 *
 * A request takes, in order: a home connection if idle, an idle connection that served its
 * tenant before, a connection not opened yet, any idle one; otherwise it waits, and a released
 * connection goes to the oldest waiter whose home it is, unless the oldest waiter has been passed
 * over too often (then to it), and to the oldest waiter when none has it as home. So with many
 * tenants each backend serves about 2/size of them and keeps only their relations cached, while
 * one busy tenant still gets every connection. A connection is closed when released once it
 * served more than `maxTenantsPerConnection` tenants or outlived `maxLifetimeMs`: that bounds
 * each backend's cache (≈ 25 KB per relation touched) whatever the traffic.
 */
export class AffinePool {
  readonly #options: AffinePoolOptions;
  readonly #slots: Slot[];
  readonly #waiters: Waiter[] = [];
  #ended = false;

  constructor(options: AffinePoolOptions) {
    this.#options = options;
    this.#slots = Array.from({ length: options.max }, (_, index) => ({ index, busy: false, createdAt: 0, tenants: new Set<string>() }));
  }

  /** A connection for `key`'s tenant. */
  acquire(key: string): Promise<AffineClient> {
    if (this.#ended) return Promise.reject(new Error("Cannot use a pool after calling end on the pool"));
    const homes = homesOf(key, this.#slots.length);
    const slot = this.#pick(key, homes);
    if (slot) return this.#lease(slot, key);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        key,
        homes,
        passes: 0,
        resolve,
        reject,
        timer: setTimeout(() => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(new Error("timeout exceeded when trying to connect"));
        }, this.#options.waitTimeoutMs),
      };
      this.#waiters.push(waiter);
    });
  }

  /** Closes every connection (busy ones when released) and refuses further callers. */
  async end(): Promise<void> {
    this.#ended = true;
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error("Cannot use a pool after calling end on the pool"));
    }
    await Promise.all(this.#slots.filter((slot) => !slot.busy).map((slot) => this.#close(slot)));
  }

  #pick(key: string, homes: readonly number[]): Slot | undefined {
    for (const home of homes) {
      const homeSlot = this.#slots[home];
      if (homeSlot && !homeSlot.busy) return homeSlot;
    }
    const idle = this.#slots.filter((slot) => !slot.busy);
    return (
      idle.find((slot) => slot.client && slot.tenants.has(key)) ?? idle.find((slot) => !slot.client) ?? idle.find((slot) => slot.client)
    );
  }

  async #lease(slot: Slot, key: string): Promise<AffineClient> {
    slot.busy = true;
    clearTimeout(slot.idleTimer);
    if (!slot.client) {
      const client = new pg.Client(this.#options.client);
      // An idle connection whose server went away is dropped; a busy one fails its query instead.
      client.on("error", () => {
        if (!slot.busy && slot.client === client) void this.#close(slot);
      });
      try {
        await client.connect();
      } catch (error) {
        slot.busy = false;
        this.#handOver(slot);
        throw error;
      }
      slot.client = client;
      slot.createdAt = performance.now();
      slot.tenants.clear();
    }
    slot.tenants.add(key);
    const client = slot.client as AffineClient;
    let released = false;
    client.release = (destroy?: boolean | Error) => {
      if (released) return;
      released = true;
      void this.#release(slot, Boolean(destroy));
    };
    return client;
  }

  async #release(slot: Slot, destroy: boolean): Promise<void> {
    const worn =
      destroy ||
      this.#ended ||
      slot.tenants.size > this.#options.maxTenantsPerConnection ||
      performance.now() - slot.createdAt > this.#options.maxLifetimeMs;
    const closing = worn ? this.#close(slot) : undefined;
    slot.busy = false;
    this.#handOver(slot);
    await closing;
  }

  /** Gives a freed slot to a waiter (the oldest whose home it is, unless the oldest was passed over too often), or lets it idle. */
  #handOver(slot: Slot): void {
    if (this.#ended) return;
    const oldest = this.#waiters[0];
    if (oldest) {
      const passedOver = oldest.passes >= maxPassesPerSlot * this.#slots.length;
      // The first waiter, among the oldest few, whose home this is (no copy of the queue: this
      // runs at every release).
      const window = passedOver ? 0 : Math.min(this.#waiters.length, 4 * this.#slots.length);
      let position = 0;
      for (let index = 0; index < window; index++) {
        if ((this.#waiters[index] as Waiter).homes.includes(slot.index)) {
          position = index;
          break;
        }
      }
      const waiter = this.#waiters[position] as Waiter;
      for (let index = 0; index < position; index++) (this.#waiters[index] as Waiter).passes++;
      this.#waiters.splice(position, 1);
      clearTimeout(waiter.timer);
      this.#lease(slot, waiter.key).then(waiter.resolve, waiter.reject);
      return;
    }
    if (slot.client) slot.idleTimer = setTimeout(() => void this.#close(slot), this.#options.idleTimeoutMs);
  }

  async #close(slot: Slot): Promise<void> {
    clearTimeout(slot.idleTimer);
    const client = slot.client;
    slot.client = undefined;
    slot.tenants.clear();
    await client?.end().catch(() => {});
  }
}

/** Two distinct slots for the key (one when the pool has one): FNV-1a of the key, and a second hash for the other. Exported for the tests. */
export function homesOf(key: string, slots: number): readonly number[] {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  const first = (hash >>> 0) % slots;
  if (slots === 1) return [first];
  // The same hash mixed once more (murmur3's finaliser) picks the offset of the second home.
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  const offset = 1 + (((hash ^ (hash >>> 16)) >>> 0) % (slots - 1));
  return [first, (first + offset) % slots];
}
