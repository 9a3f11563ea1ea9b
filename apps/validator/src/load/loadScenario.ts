import { readFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "@erp/db";
import { parseScenario, type Scenario } from "@erp/load-tests/scenario";

/** The one scenario file k6 (load-tests/scenarios.js) and the validator's autocannon driver both run. */
export const scenarioFile = path.join(repoRoot, "load-tests", "scenarios.json");
export const k6Script = path.join(repoRoot, "load-tests", "scenarios.js");

export async function loadScenario(file: string = scenarioFile): Promise<Scenario> {
  return parseScenario(JSON.parse(await readFile(file, "utf8")));
}
