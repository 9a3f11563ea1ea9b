// The interpreter of scenarios.json, shared by the k6 script (scenarios.js) and the validator's
// autocannon driver (apps/validator/src/load), so both send the same requests and judge the same
// bodies. It must run in k6 (goja: no Node APIs, no `?.` / `??`, no object spread) and in Node.

/** Reads and checks the scenario file's shape; throws one sentence naming the first problem. */
export function parseScenario(raw) {
  const fail = (message) => {
    throw new Error(`scenarios.json: ${message}`);
  };
  if (!raw || typeof raw !== "object") fail("must be a JSON object");
  const targets = raw.targets || {};
  if (!(targets.gateP95Ms > 0) || !(targets.strictP95Ms > 0)) fail("targets.gateP95Ms and targets.strictP95Ms must be positive numbers");
  if (!(targets.minCheckRate > 0 && targets.minCheckRate <= 1)) fail("targets.minCheckRate must be a share between 0 and 1");
  const fixtures = raw.fixtures || {};
  Object.keys(fixtures).forEach((name) => {
    const fixture = fixtures[name];
    if (!fixture || typeof fixture.procedure !== "string" || typeof fixture.pick !== "string") {
      fail(`fixtures.${name} needs a procedure and a pick path`);
    }
  });
  if (!Array.isArray(raw.requests) || raw.requests.length === 0) fail("requests must be a non-empty array");
  const names = {};
  const requests = raw.requests.map((request, index) => {
    const where = `requests[${index}]`;
    if (typeof request.name !== "string" || request.name === "") fail(`${where}.name must be a non-empty string`);
    if (names[request.name]) fail(`${where}.name '${request.name}' is used twice`);
    names[request.name] = true;
    if (!/^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)+$/.test(request.procedure || "")) fail(`${where}.procedure must look like module.entity.verb`);
    if (request.type !== "query" && request.type !== "mutation") fail(`${where}.type must be query or mutation`);
    if (typeof request.group !== "string" || !/^[a-z][a-z0-9_-]*$/.test(request.group)) fail(`${where}.group must be a lower-case word`);
    if (!(request.weight > 0)) fail(`${where}.weight must be a positive number`);
    const checks = request.checks || [];
    checks.forEach((check, checkIndex) => {
      if (checkKinds.indexOf(check.kind) < 0) fail(`${where}.checks[${checkIndex}].kind must be one of ${checkKinds.join(", ")}`);
    });
    const fixtureNames = referencedNames(request.input, "fixture");
    fixtureNames.forEach((name) => {
      if (!fixtures[name]) fail(`${where} uses the fixture '${name}', which is not defined`);
    });
    const produces = request.produces || {};
    if (typeof produces !== "object" || Array.isArray(produces)) fail(`${where}.produces must map pool names to pick paths`);
    Object.keys(produces).forEach((pool) => {
      if (typeof produces[pool] !== "string")
        fail(`${where}.produces.${pool} must be a pick path (such as "id", or "" for the whole result)`);
    });
    return {
      name: request.name,
      group: request.group,
      procedure: request.procedure,
      module: request.procedure.split(".")[0],
      type: request.type,
      weight: request.weight,
      input: request.input === undefined ? null : request.input,
      checks: checks,
      fixtures: fixtureNames,
      takes: referencedNames(request.input, "take"),
      produces: produces,
    };
  });
  const produced = {};
  requests.forEach((request) => {
    Object.keys(request.produces).forEach((pool) => {
      produced[pool] = true;
    });
  });
  requests.forEach((request, index) => {
    request.takes.forEach((pool) => {
      if (!produced[pool]) fail(`requests[${index}] takes from the pool '${pool}', which no request produces`);
    });
  });
  const groups = [];
  requests.forEach((request) => {
    if (groups.indexOf(request.group) < 0) groups.push(request.group);
  });
  return {
    targets: { gateP95Ms: targets.gateP95Ms, strictP95Ms: targets.strictP95Ms, minCheckRate: targets.minCheckRate },
    fixtures: fixtures,
    requests: requests,
    groups: groups,
  };
}

const checkKinds = ["array", "nonEmptyArray", "uuid", "equals", "exists"];
const placeholder = /\{\{([a-zA-Z]+)(?::([^}]*))?\}\}/g;
const wholePlaceholder = /^\{\{([a-zA-Z]+)(?::([^}]*))?\}\}$/;

/** The fixture or pool names (by `kind`) an input template refers to (`{{fixture:products}}`, `{{take:invoices.id}}`). */
function referencedNames(template, wanted) {
  const found = [];
  JSON.stringify(template === undefined ? null : template).replace(placeholder, (_, kind, argument) => {
    const name = kind === wanted ? argument.split(".")[0] : null;
    if (name && found.indexOf(name) < 0) found.push(name);
    return "";
  });
  return found;
}

/** The share of the traffic each request (and group) gets, from the weights. */
export function shares(scenario) {
  const total = scenario.requests.reduce((sum, request) => sum + request.weight, 0);
  const byRequest = {};
  const byGroup = {};
  scenario.requests.forEach((request) => {
    byRequest[request.name] = request.weight / total;
    byGroup[request.group] = (byGroup[request.group] || 0) + request.weight / total;
  });
  return { byRequest: byRequest, byGroup: byGroup };
}

/** One item by weight; `random` returns [0, 1). */
function pickWeighted(items, random) {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let point = random() * total;
  for (let index = 0; index < items.length; index++) {
    point -= items[index].weight;
    if (point < 0) return items[index];
  }
  return items[items.length - 1];
}

/**
 * Whether a tenant can serve a request: its tier has the module, and it has a value for every
 * fixture the input needs and in every pool it takes from. `tenant` is
 * `{ modules: string[], fixtures: { name: values[] }, pools?: { name: values[] } }`.
 */
function canServe(tenant, request) {
  if (tenant.modules.indexOf(request.module) < 0) return false;
  if (!request.fixtures.every((name) => tenant.fixtures[name] && tenant.fixtures[name].length > 0)) return false;
  const pools = tenant.pools || {};
  return request.takes.every((name) => pools[name] && pools[name].length > 0);
}

/** Values a pool keeps at most per tenant: producers outpacing their consumers drop the oldest. */
const poolLimit = 1000;

/**
 * After an answer: the values its request `produces` (picked from the output, as fixtures are)
 * join the tenant's pools, for later requests to `{{take:pool}}`. Only 200 answers produce.
 * This is how a scenario chains requests (order → confirm → ship → invoice → receipt): each step
 * takes what an earlier one made, once. Pools live on the tenant object of one driver (a k6 VU,
 * or the validator's worker), so a value is never taken twice.
 */
export function recordProduced(request, tenant, status, body) {
  const pools = Object.keys(request.produces);
  if (status !== 200 || pools.length === 0) return;
  const data = trpcData(body);
  if (data === undefined) return;
  if (!tenant.pools) tenant.pools = {};
  pools.forEach((pool) => {
    const path = request.produces[pool];
    const values = path === "" ? [data] : pickValues(data, path);
    const kept = (tenant.pools[pool] || []).concat(values);
    tenant.pools[pool] = kept.length > poolLimit ? kept.slice(kept.length - poolLimit) : kept;
  });
}

/** The next request and a tenant able to serve it: the request mix follows the weights whatever the tenants' tiers. */
export function pickRequest(scenario, tenants, random) {
  const servable = scenario.requests.filter((request) => tenants.some((tenant) => canServe(tenant, request)));
  if (servable.length === 0) return null;
  const request = pickWeighted(servable, random);
  const able = tenants.filter((tenant) => canServe(tenant, request));
  return { request: request, tenant: able[Math.floor(random() * able.length)] };
}

/**
 * The input with its placeholders filled: `{{fixture:name}}` a random value of the tenant's
 * fixture and `{{fixture:name.field}}` a field of it (one draw per fixture and request, so
 * `{{fixture:stock.product_id}}` and `{{fixture:stock.warehouse_id}}` come from the same row),
 * `{{int:min:max}}` a whole number, `{{decimal:min:max}}` a two-decimal string, `{{unique}}` a
 * string no other request of the run uses, `{{take:pool}}` / `{{take:pool.field}}` a value taken
 * out of the tenant's pool (see recordProduced; one draw per pool and request, like fixtures).
 * A placeholder that is the whole string keeps its
 * value's type (a number stays a number); an object key whose value renders to null is left out.
 */
export function renderInput(template, fixtures, random, unique, pools) {
  const drawn = {};
  const value = (kind, argument) => {
    if (kind === "fixture" || kind === "take") {
      const dot = argument.indexOf(".");
      const name = dot < 0 ? argument : argument.slice(0, dot);
      const key = `${kind}:${name}`;
      if (!(key in drawn)) {
        const values = (kind === "fixture" ? fixtures : pools || {})[name] || [];
        const index = Math.floor(random() * values.length);
        drawn[key] = values[index];
        // A taken value leaves its pool: the order confirmed by this request is not confirmed again.
        if (kind === "take") values.splice(index, 1);
      }
      const picked = drawn[key];
      if (dot < 0) return picked;
      return picked === null || picked === undefined ? null : picked[argument.slice(dot + 1)];
    }
    if (kind === "int" || kind === "decimal") {
      const bounds = (argument || "0:100").split(":").map(Number);
      const drawnNumber = bounds[0] + random() * (bounds[1] - bounds[0]);
      return kind === "int" ? Math.round(drawnNumber) : drawnNumber.toFixed(2);
    }
    if (kind === "unique") return unique();
    throw new Error(`Unknown placeholder {{${kind}}}`);
  };
  const walk = (node) => {
    if (typeof node === "string") {
      const whole = node.match(wholePlaceholder);
      if (whole) return value(whole[1], whole[2]);
      return node.replace(placeholder, (_, kind, argument) => String(value(kind, argument)));
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") {
      const copy = {};
      Object.keys(node).forEach((key) => {
        const rendered = walk(node[key]);
        // Optional ids are absent, not null, in the API's inputs (a fixture row may lack a variant).
        if (rendered !== null && rendered !== undefined) copy[key] = rendered;
      });
      return copy;
    }
    return node;
  };
  return walk(template);
}

/**
 * The HTTP request of a tRPC call without batching or transformer: a query is
 * `GET /trpc/<procedure>?input=<JSON>`, a mutation `POST /trpc/<procedure>` with the JSON body.
 */
export function trpcRequest(procedure, type, input, headers) {
  const allHeaders = Object.assign({ "content-type": "application/json" }, headers || {});
  if (type === "query") {
    const query = input === null || input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return { method: "GET", path: `/trpc/${procedure}${query}`, body: null, headers: allHeaders };
  }
  return { method: "POST", path: `/trpc/${procedure}`, body: JSON.stringify(input === null ? {} : input), headers: allHeaders };
}

export function bearer(token) {
  return { authorization: `Bearer ${token}` };
}

/** The procedure's output from a tRPC response body (`{ result: { data } }`), or undefined. */
export function trpcData(body) {
  let parsed;
  try {
    parsed = typeof body === "string" ? JSON.parse(body) : body;
  } catch (_) {
    return undefined;
  }
  // biome-ignore lint/complexity/useOptionalChain: this file stays within what k6 0.45's JavaScript engine parses.
  if (!parsed || !parsed.result) return undefined;
  return parsed.result.data;
}

/**
 * The values at a path of the output: `items[].id` collects `id` of every item, `id` one value.
 * Always an array (empty when nothing is there).
 */
export function pickValues(data, path) {
  let nodes = [data];
  path.split(".").forEach((part) => {
    const spread = part.slice(-2) === "[]";
    const key = spread ? part.slice(0, -2) : part;
    const next = [];
    nodes.forEach((node) => {
      const child = node === null || node === undefined ? undefined : node[key];
      if (spread && Array.isArray(child)) {
        for (let index = 0; index < child.length; index++) next.push(child[index]);
      } else if (!spread && child !== undefined) next.push(child);
    });
    nodes = next;
  });
  return nodes;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Judges a response: HTTP 200, then every check of the request on the output. One entry per
 * check, named as people read it ("status 200", "items is a non-empty array").
 */
export function judgeResponse(request, status, body) {
  const verdicts = [{ name: "status 200", ok: status === 200 }];
  const data = status === 200 ? trpcData(body) : undefined;
  request.checks.forEach((check) => {
    const values = data === undefined ? [] : check.path ? pickValues(data, check.path) : [data];
    const first = values[0];
    let ok;
    if (check.kind === "array") ok = Array.isArray(first);
    else if (check.kind === "nonEmptyArray") ok = Array.isArray(first) && first.length > 0;
    else if (check.kind === "uuid") ok = typeof first === "string" && uuidPattern.test(first);
    else if (check.kind === "equals") ok = JSON.stringify(first) === JSON.stringify(check.value);
    else ok = values.length > 0 && first !== null;
    verdicts.push({ name: checkName(check), ok: ok });
  });
  return verdicts;
}

/** A check as people read it in k6's output and the report: "items is a non-empty array". */
function checkName(check) {
  const subject = check.path || "the result";
  if (check.kind === "array") return `${subject} is an array`;
  if (check.kind === "nonEmptyArray") return `${subject} is a non-empty array`;
  if (check.kind === "uuid") return `${subject} is a UUID`;
  if (check.kind === "equals") return `${subject} equals ${JSON.stringify(check.value)}`;
  return `${subject} is present`;
}
