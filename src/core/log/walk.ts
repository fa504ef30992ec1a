/**
 * Copies JSON-shaped data without recursion: replies and results can nest far deeper than the
 * call stack (a 50,000-level reply parses fine, then overflows any recursive walk, JSON.stringify
 * and structured clone alike). Anything nested deeper than the limit is replaced by a marker, so
 * what is kept can always be serialised.
 */
export const TOO_DEEP = '[nested too deeply]';
/** Far deeper than any WeChat reply or wxcred result; shallow enough for every serialiser. */
export const MAX_KEPT_DEPTH = 64;

export interface JsonRules {
  /** Applied to every string value and every key. */
  text?: (value: string) => string;
  /** Replaces a property's value wholesale (e.g. a secret by name); undefined keeps walking. */
  property?: (key: string, value: unknown) => { value: unknown } | undefined;
  maxDepth?: number;
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

function put(target: Container, key: string, value: unknown): void {
  // An own "__proto__" key (JSON.parse makes them) must stay a key, not become the prototype.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}

export function mapJson(root: unknown, rules: JsonRules = {}): unknown {
  const text = rules.text ?? ((value: string) => value);
  const maxDepth = rules.maxDepth ?? MAX_KEPT_DEPTH;
  const leaf = (value: unknown): unknown => (typeof value === 'string' ? text(value) : value);
  if (!isContainer(root)) return leaf(root);

  const stack: { from: Container; to: Container; depth: number }[] = [];
  const copyOf = (value: Container, depth: number): Container => {
    const to: Container = Array.isArray(value) ? [] : {};
    stack.push({ from: value, to, depth });
    return to;
  };
  const child = (value: unknown, depth: number): unknown => {
    if (!isContainer(value)) return leaf(value);
    if (depth >= maxDepth) return TOO_DEEP;
    return copyOf(value, depth + 1);
  };

  const out = copyOf(root, 1);
  while (stack.length > 0) {
    const { from, to, depth } = stack.pop() as (typeof stack)[number];
    if (Array.isArray(from)) {
      for (let i = 0; i < from.length; i++) (to as unknown[])[i] = child(from[i], depth);
      continue;
    }
    for (const key of Object.keys(from)) {
      const value = from[key];
      const replaced = rules.property?.(key, value);
      put(to, text(key), replaced ? replaced.value : child(value, depth));
    }
  }
  return out;
}

/** Visits every string in `root` with the name of the property holding it (null in arrays); no recursion, bounded depth. */
export function eachString(root: unknown, visit: (key: string | null, value: string) => void, maxDepth = MAX_KEPT_DEPTH): void {
  const stack: { value: unknown; key: string | null; depth: number }[] = [{ value: root, key: null, depth: 0 }];
  while (stack.length > 0) {
    const { value, key, depth } = stack.pop() as (typeof stack)[number];
    if (typeof value === 'string') visit(key, value);
    else if (isContainer(value) && depth < maxDepth) {
      if (Array.isArray(value)) for (const item of value) stack.push({ value: item, key: null, depth: depth + 1 });
      else for (const k of Object.keys(value)) stack.push({ value: value[k], key: k, depth: depth + 1 });
    }
  }
}
