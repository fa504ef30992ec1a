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

const same = (value: string): string => value;

/**
 * The common case — an object of scalars (a token request, a token reply) — without the stacks;
 * null as soon as a value is a container, and the general walk starts over.
 */
function flatCopy(from: Record<string, unknown>, text: (value: string) => string, property: JsonRules['property']): Container | null {
  const keys = Object.keys(from);
  for (const key of keys) if (isContainer(from[key])) return null;
  const to: Container = {};
  for (const key of keys) {
    const value = from[key];
    const replaced = property?.(key, value);
    put(to, text(key), replaced ? replaced.value : typeof value === 'string' ? text(value) : value);
  }
  return to;
}

export function mapJson(root: unknown, rules: JsonRules = {}): unknown {
  const text = rules.text ?? same;
  const property = rules.property;
  const maxDepth = rules.maxDepth ?? MAX_KEPT_DEPTH;
  if (!isContainer(root)) return typeof root === 'string' ? text(root) : root;
  if (!Array.isArray(root)) {
    const flat = flatCopy(root, text, property);
    if (flat !== null) return flat;
  }

  // Copies still to fill, as parallel stacks (this runs on every request, reply and outcome, so
  // it allocates no per-container record): the source, its copy, and the copy's depth.
  const froms: Container[] = [root];
  const tos: Container[] = [Array.isArray(root) ? [] : {}];
  const depths: number[] = [1];
  const out = tos[0] as Container;
  const child = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return text(value);
    if (!isContainer(value)) return value;
    if (depth >= maxDepth) return TOO_DEEP;
    const to: Container = Array.isArray(value) ? [] : {};
    froms.push(value);
    tos.push(to);
    depths.push(depth + 1);
    return to;
  };

  while (froms.length > 0) {
    const from = froms.pop() as Container;
    const to = tos.pop() as Container;
    const depth = depths.pop() as number;
    if (Array.isArray(from)) {
      for (let i = 0; i < from.length; i++) (to as unknown[])[i] = child(from[i], depth);
      continue;
    }
    for (const key of Object.keys(from)) {
      const value = from[key];
      const replaced = property?.(key, value);
      put(to, text(key), replaced ? replaced.value : child(value, depth));
    }
  }
  return out;
}

/** Visits every string in `root` with the name of the property holding it (null in arrays); no recursion, bounded depth. */
export function eachString(root: unknown, visit: (key: string | null, value: string) => void, maxDepth = MAX_KEPT_DEPTH): void {
  if (typeof root === 'string') visit(null, root);
  if (!isContainer(root) || maxDepth <= 0) return;
  // Containers still to visit and their depths: strings and scalars are handled where they are
  // met, so only containers are ever pushed (this runs on every request and reply).
  const containers: Container[] = [root];
  const depths: number[] = [1];
  while (containers.length > 0) {
    const value = containers.pop() as Container;
    const depth = depths.pop() as number;
    if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === 'string') visit(null, item);
        else if (isContainer(item) && depth < maxDepth) {
          containers.push(item);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    for (const k of Object.keys(value)) {
      const item = value[k];
      if (typeof item === 'string') visit(k, item);
      else if (isContainer(item) && depth < maxDepth) {
        containers.push(item);
        depths.push(depth + 1);
      }
    }
  }
}
