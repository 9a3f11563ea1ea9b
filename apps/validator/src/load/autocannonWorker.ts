// Worker-thread entry: runs the autocannon driver off the main thread, where the API answers.
import { parentPort, workerData } from "node:worker_threads";
import { type DriveOptions, runAutocannon } from "./runAutocannon.ts";

const options = workerData as Omit<DriveOptions, "onSecond">;
const run = await runAutocannon({ ...options, onSecond: () => parentPort?.postMessage({ kind: "second" }) });
parentPort?.postMessage({ kind: "done", run });
