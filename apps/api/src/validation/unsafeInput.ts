/**
 * How deep a request's input may nest (objects and arrays). Real inputs stay under ten levels;
 * free-form JSON fields (`attributes`) get the rest. Thousands of levels would otherwise exhaust
 * the stack in the recursive schema checks.
 */
export const maxInputDepth = 32;

/**
 * The first thing in a request's input that no procedure may accept, whatever its schema says:
 * nesting deeper than `maxInputDepth`, a NUL character (PostgreSQL text and jsonb cannot hold it)
 * or an unpaired UTF-16 surrogate (not Unicode: it would be stored as U+FFFD), in any string or
 * object key. Walks iteratively, so the depth check cannot itself overflow the stack.
 */
export function findUnsafeInput(input: unknown): { path: string[]; message: string } | null {
  const pending: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop() as { value: unknown; path: string[] };
    if (typeof value === "string") {
      const problem = stringProblem(value);
      if (problem) return { path, message: `must not contain ${problem}` };
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= maxInputDepth) {
      return { path, message: `nests deeper than ${maxInputDepth} levels of objects and arrays` };
    }
    const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
    for (const [key, item] of entries) {
      const problem = typeof key === "string" ? stringProblem(key) : null;
      if (problem) return { path, message: `must not have a key that contains ${problem}` };
      pending.push({ value: item, path: [...path, String(key)] });
    }
  }
  return null;
}

function stringProblem(text: string): string | null {
  if (text.includes("\u0000")) return "NUL characters";
  if (!text.isWellFormed()) return "unpaired UTF-16 surrogates (it is not valid Unicode)";
  return null;
}
