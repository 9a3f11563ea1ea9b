import { Worker } from "node:worker_threads";
import type { LoadRun } from "./loadSample.ts";
import type { DriveOptions } from "./runAutocannon.ts";

type WorkerMessage = { kind: "second" } | { kind: "done"; run: LoadRun };

/**
 * Runs the autocannon driver in a worker thread: the API under test runs in this process, and a
 * load generator on the same event loop would add its own work to every latency it measures.
 */
export function runAutocannonInWorker(options: DriveOptions): Promise<LoadRun> {
  const { onSecond, ...data } = options;
  return new Promise((resolve, reject) => {
    // The worker inherits this process's loader flags (tsx), so it can start from TypeScript.
    const worker = new Worker(new URL("./autocannonWorker.ts", import.meta.url), { workerData: data });
    let result: LoadRun | undefined;
    worker.on("message", (message: WorkerMessage) => {
      if (message.kind === "second") onSecond?.();
      else result = message.run;
    });
    worker.on("error", reject);
    worker.on("exit", (code) =>
      result ? resolve(result) : reject(new Error(`The load worker stopped (exit code ${code}) before reporting.`)),
    );
  });
}
