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
  const pending: Frame[] = [{ value: input, key: "", depth: 0, parent: null }];
  for (let frame = pending.pop(); frame; frame = pending.pop()) {
    const { value } = frame;
    if (typeof value === "string") {
      const problem = stringProblem(value);
      if (problem) return { path: pathOf(frame), message: `must not contain ${problem}` };
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (frame.depth >= maxInputDepth) {
      return { path: pathOf(frame), message: `nests deeper than ${maxInputDepth} levels of objects and arrays` };
    }
    const depth = frame.depth + 1;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) pending.push({ value: value[index], key: String(index), depth, parent: frame });
      continue;
    }
    for (const key in value) {
      const problem = stringProblem(key);
      if (problem) return { path: pathOf(frame), message: `must not have a key that contains ${problem}` };
      pending.push({ value: (value as Record<string, unknown>)[key], key, depth, parent: frame });
    }
  }
  return null;
}

/** One value on the walk; the path is rebuilt from the parents only when something is refused. */
type Frame = { value: unknown; key: string; depth: number; parent: Frame | null };

function pathOf(frame: Frame): string[] {
  const path: string[] = [];
  for (let at: Frame | null = frame; at?.parent; at = at.parent) path.unshift(at.key);
  return path;
}

function stringProblem(text: string): string | null {
  if (text.includes("\u0000")) return "NUL characters";
  if (!text.isWellFormed()) return "unpaired UTF-16 surrogates (it is not valid Unicode)";
  return null;
}
