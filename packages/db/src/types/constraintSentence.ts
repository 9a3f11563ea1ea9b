/**
 * One sentence for a CHECK constraint, read from its definition as PostgreSQL prints it
 * (`pg_get_constraintdef`), for the rule shapes the template repeats: allowed values, lengths,
 * bounds, patterns, column order, "required when". Null for any other shape: such a constraint
 * needs a `COMMENT ON CONSTRAINT` in db/template (the generator refuses a constraint with neither).
 *
 * `isTemporal(column)` says whether a column holds a date or time, so order reads "after"
 * rather than "greater than".
 */
export function constraintSentence(definition: string, isTemporal: (column: string) => boolean): string | null {
  const body = definition.match(/^CHECK \((.*)\)$/s)?.[1];
  if (body === undefined) return null;
  for (const [pattern, sentence] of shapes) {
    const match = body.match(pattern);
    if (match) return sentence(match.slice(1).map(unquote), isTemporal);
  }
  return null;
}

/** The allowed values of a single-column `CHECK (column IN (...))`, or null for any other rule. */
export function allowedValues(definition: string): { column: string; values: string[] } | null {
  const match = definition.match(new RegExp(`^CHECK \\(\\(${ident} = ANY \\(ARRAY\\[(.*)\\]\\)\\)\\)$`));
  if (!match?.[1] || match[2] === undefined || !/^'.*'::(text|bpchar)$/.test(match[2])) return null;
  return { column: unquote(match[1]), values: literals(match[2]) };
}

const ident = `("?[a-z_][a-z0-9_]*"?)`;
// A number as printed: 0, -1.5, (0)::numeric.
const number = `\\(?(-?[0-9.]+)\\)?(?:::[a-z ]+)?`;
// A text literal as printed: 'value'::text (quotes inside are doubled).
const literal = `'((?:[^']|'')*)'::[a-z]+`;
const array = `ARRAY\\[(.*)\\]`;
const comparison = `(>=|>|<=|<)`;

type Sentence = (parts: string[], isTemporal: (column: string) => boolean) => string;

const shapes: [RegExp, Sentence][] = [
  [re(`\\(${ident} = ANY \\(${array}\\)\\)`), ([column, values]) => `${column} must be one of ${listOf(literals(values ?? ""), "or")}.`],
  [re(`\\(${ident} = ${literal}\\)`), ([column, value]) => `${column} must be '${value}'.`],
  [
    re(`\\(\\(length\\(${ident}\\) >= ([0-9]+)\\) AND \\(length\\(\\1\\) <= ([0-9]+)\\)\\)`),
    ([column, min, max]) => `${column} must be ${min} to ${max} characters long.`,
  ],
  [re(`\\(length\\(${ident}\\) >= 1\\)`), ([column]) => `${column} must not be empty.`],
  [re(`\\(length\\(${ident}\\) >= ([0-9]+)\\)`), ([column, min]) => `${column} must be at least ${min} characters long.`],
  [re(`\\(length\\(${ident}\\) <= ([0-9]+)\\)`), ([column, max]) => `${column} must be at most ${max} characters long.`],
  [
    re(`\\(\\(${ident} >= ${number}\\) AND \\(\\1 <= ${number}\\)\\)`),
    ([column, min, max]) => `${column} must be between ${min} and ${max}.`,
  ],
  [re(`\\(${ident} ${comparison} ${number}\\)`), ([column, operator, bound]) => `${column} must be ${words(operator, false)} ${bound}.`],
  [re(`\\(${ident} <> ${number}\\)`), ([column, value]) => `${column} must not be ${value}.`],
  [re(`\\(${ident} ~ ${literal}\\)`), ([column, pattern]) => `${column} ${patternRule(pattern ?? "")}.`],
  [re(`\\(${ident} ~~ '%_@_%'::text\\)`), ([column]) => `${column} must be an email address.`],
  [
    re(`\\(\\(${ident} = lower\\(\\1\\)\\) AND \\(\\1 ~~ '%_@_%'::text\\)\\)`),
    ([column]) => `${column} must be an email address in lower case.`,
  ],
  [re(`\\(${ident} = lower\\(\\1\\)\\)`), ([column]) => `${column} must be in lower case.`],
  // Order between two columns, optionally "when set": (a >= b), (a IS NULL OR a >= b), (a IS NULL OR b IS NULL OR a >= b).
  [re(`\\(${ident} ${comparison} ${ident}\\)`), order],
  [re(`\\(\\(${ident} IS NULL\\) OR \\(\\1 ${comparison} ${ident}\\)\\)`), order],
  [re(`\\(\\(${ident} IS NULL\\) OR \\(${ident} IS NULL\\) OR \\(\\1 ${comparison} \\2\\)\\)`), ([a, b, op], t) => order([a, op, b], t)],
  [re(`\\(\\(${ident} IS NULL\\) OR \\(${ident} IS NULL\\) OR \\(\\2 ${comparison} \\1\\)\\)`), ([a, b, op], t) => order([b, op, a], t)],
  [re(`\\(\\(${ident} IS NULL\\) OR \\(${ident} ${comparison} \\1\\)\\)`), ([a, b, op], t) => order([b, op, a], t)],
  [re(`\\(\\(${ident} IS NULL\\) OR \\(\\1 <> ${ident}\\)\\)`), ([a, b]) => `${a} must differ from ${b}.`],
  [re(`\\(${ident} <> ${ident}\\)`), ([a, b]) => `${a} must differ from ${b}.`],
  [re(`\\(${ident} IS DISTINCT FROM ${ident}\\)`), ([a, b]) => `${a} must differ from ${b}.`],
  // Conditional presence.
  [re(`\\(\\(${ident} <> ${literal}\\) OR \\(${ident} IS NOT NULL\\)\\)`), ([s, v, c]) => `${c} is required when ${s} is '${v}'.`],
  [
    re(`\\(\\(${ident} <> ALL \\(${array}\\)\\) OR \\(${ident} IS NOT NULL\\)\\)`),
    ([s, values, c]) => `${c} is required when ${s} is ${listOf(literals(values ?? ""), "or")}.`,
  ],
  [re(`\\(\\(${ident} = ${literal}\\) OR \\(${ident} IS NOT NULL\\)\\)`), ([s, v, c]) => `${c} is required unless ${s} is '${v}'.`],
  [
    re(`\\(\\(${ident} = ANY \\(${array}\\)\\) OR \\(${ident} IS NOT NULL\\)\\)`),
    ([s, values, c]) => `${c} is required unless ${s} is ${listOf(literals(values ?? ""), "or")}.`,
  ],
  [
    re(`\\(\\(${ident} = ${literal}\\) = \\(${ident} IS NOT NULL\\)\\)`),
    ([s, v, c]) => `${c} is required when ${s} is '${v}', and only then.`,
  ],
  [re(`\\(\\(NOT ${ident}\\) OR \\(${ident} IS NOT NULL\\)\\)`), ([flag, c]) => `${c} is required when ${flag} is true.`],
  [re(`\\(\\(${ident} <> ${literal}\\) OR \\(${ident} IS NULL\\)\\)`), ([s, v, c]) => `${c} must be empty unless ${s} is '${v}'.`],
  [re(`\\(\\(${ident} IS NOT NULL\\) OR \\(${ident} IS NOT NULL\\)\\)`), ([a, b]) => `${a} or ${b} is required.`],
  [re(`\\(\\(${ident} IS NULL\\) OR \\(${ident} IS NULL\\)\\)`), ([a, b]) => `${a} and ${b} cannot both be given.`],
  [re(`\\(\\(${ident} IS NULL\\) = \\(${ident} IS NULL\\)\\)`), ([a, b]) => `${a} and ${b} must be given together.`],
  [re(`\\(\\(${ident} IS NULL\\) OR \\(${ident} IS NOT NULL\\)\\)`), ([a, b]) => `${b} is required when ${a} is given.`],
  // Arithmetic between columns: (total = (a + b)), (taken <= (a + b)).
  [re(`\\(${ident} = \\(([a-z0-9_ ()+*-]+)\\)\\)`), ([a, sum]) => `${a} must equal ${flat(sum)}.`],
  [re(`\\(${ident} ${comparison} \\(([a-z0-9_ ()+*-]+)\\)\\)`), ([a, op, sum], t) => `${a} must be ${words(op, t(a ?? ""))} ${flat(sum)}.`],
];

function re(body: string): RegExp {
  return new RegExp(`^${body}$`);
}

function order([a, operator, b]: (string | undefined)[], isTemporal: (column: string) => boolean): string {
  return `${a} must be ${words(operator, isTemporal(a ?? ""))} ${b}.`;
}

function words(operator: string | undefined, temporal: boolean): string {
  const phrases: Record<string, [string, string]> = {
    ">=": ["at least", "on or after"],
    ">": ["greater than", "after"],
    "<=": ["at most", "on or before"],
    "<": ["less than", "before"],
  };
  const phrase = phrases[operator ?? ""] ?? ["compared with", "compared with"];
  return temporal ? phrase[1] : phrase[0];
}

/** The template's recurring patterns in words; any other pattern is quoted. */
function patternRule(pattern: string): string {
  const known: Record<string, string> = {
    "^[A-Z]{3}$": "must be three capital letters (an ISO code)",
    "^[A-Z]{2}$": "must be two capital letters (an ISO code)",
    "^[A-Za-z0-9_.-]{1,40}$": "must be 1 to 40 letters, digits, '_', '.' or '-'",
    "^[a-z0-9]+(-[a-z0-9]+)*$": "must be lower-case words of letters and digits joined by '-'",
  };
  return known[pattern] ?? `must match the pattern ${pattern}`;
}

/** The values of a printed array: text literals ('a'::text) or numbers. */
function literals(list: string): string[] {
  return [...list.matchAll(new RegExp(`${literal}|(-?[0-9.]+)`, "g"))].map((match) => match[2] ?? (match[1] ?? "").replaceAll("''", "'"));
}

function listOf(values: string[], last: string): string {
  const quoted = values.map((value) => (/^-?[0-9.]+$/.test(value) ? value : `'${value}'`));
  return quoted.length < 2 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} ${last} ${quoted.at(-1)}`;
}

function flat(expression: string | undefined): string {
  return (expression ?? "").replaceAll(/[()]/g, "");
}

function unquote(name: string | undefined): string {
  return (name ?? "").replace(/^"(.*)"$/, "$1");
}
