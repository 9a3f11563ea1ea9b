import { Worker } from "node:worker_threads";
import { type KeyDerivation, type KeyDerivationRequest, scryptMaxmem } from "@erp/tenancy";

export type HashingThreads = { derive: KeyDerivation; close: () => Promise<void> };

type Pending = { resolve: (key: Buffer) => void; reject: (error: Error) => void };

/**
 * `count` threads that derive password keys at a lower CPU priority (nice +`niceIncrement` on
 * Linux). A sign-in storm then uses the CPU PostgreSQL and the event loop leave idle, instead of
 * competing with other tenants' requests for it: measured with `pnpm bench:api --targets storm`.
 * Each request goes to the thread with the fewest in flight (the caller bounds how many run).
 */
export function createHashingThreads(count: number, niceIncrement = 10): HashingThreads {
  const threads = Array.from({ length: count }, () => {
    const worker = new Worker(new URL("./hashingThread.mjs", import.meta.url), { workerData: { niceIncrement } });
    // Idle threads must not keep the process alive.
    worker.unref();
    const pending = new Map<number, Pending>();
    worker.on("message", ({ id, key, error }: { id: number; key?: Uint8Array; error?: string }) => {
      const request = pending.get(id);
      pending.delete(id);
      if (key) request?.resolve(Buffer.from(key.buffer, key.byteOffset, key.byteLength));
      else request?.reject(new Error(`password hashing failed: ${error}`));
    });
    worker.on("error", (error) => {
      for (const request of pending.values()) request.reject(error);
      pending.clear();
    });
    return { worker, pending };
  });
  let nextId = 0;
  const derive: KeyDerivation = (request: KeyDerivationRequest) => {
    const thread = threads.reduce((least, candidate) => (candidate.pending.size < least.pending.size ? candidate : least));
    const id = nextId++;
    const maxmem = request.kind === "scrypt" ? scryptMaxmem(request.cost) : undefined;
    return new Promise<Buffer>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ id, ...request, maxmem });
    });
  };
  return {
    derive,
    close: async () => {
      await Promise.all(threads.map(({ worker }) => worker.terminate()));
    },
  };
}
