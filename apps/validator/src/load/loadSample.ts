/** One request of the load stage: which scenario request it was, how long it took, its HTTP status. */
export type LoadSample = { name: string; group: string; ms: number; status: number };

/** A logged-in tenant with the ids its requests refer to. */
/** `pools` holds what chained requests produced and not yet taken (see load-tests/lib/scenario.js). */
export type LoadTenant = {
  slug: string;
  token: string;
  modules: readonly string[];
  fixtures: Record<string, unknown[]>;
  pools?: Record<string, unknown[]>;
};

export type LoadRun = {
  driver: "autocannon" | "k6";
  samples: LoadSample[];
  /** Body checks of the scenario: how many were evaluated, and the failures by "<request>: <check>". */
  checks: { total: number; failed: Record<string, number> };
  seconds: number;
  /** Transport problems (timeouts, refused connections, a driver that stopped). */
  errors: string[];
};
