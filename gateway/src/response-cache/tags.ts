/**
 * Invalidation tags of the response cache (response-cache.ts): `enterprise:<uscc>` for every
 * enterprise an entry is about — a USCC in its key (representation, arguments) or in its answer
 * (an enterprise listed in a building) — and `keyless:<subgraph>` for an entry whose key names no
 * enterprise (a building, a property unit, a search), which any write to that subgraph may change.
 */

/** 统一社会信用代码 as a token: 18 characters of its alphabet, nothing of it around. */
const USCC_TOKEN = /(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Z])/g;

/** Every USCC-like token in a value's strings (keys and values, at any depth). */
export function usccsIn(value: unknown, into: Set<string> = new Set()): string[] {
  collect(value, into, 0);
  return [...into];
}

function collect(value: unknown, into: Set<string>, depth: number): void {
  if (depth > 64) return;
  if (typeof value === 'string') {
    if (value.length >= 18) for (const m of value.matchAll(USCC_TOKEN)) into.add(m[0]);
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, into, depth + 1);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collect(v, into, depth + 1);
  }
}

/** The tags of an entry: its key's enterprises (or its subgraph's keyless tag) and its answer's. */
export function tagsOf(subgraph: string, key: unknown, answer: unknown): string[] {
  const keyed = usccsIn(key);
  const tags = new Set(keyed.map((u) => `enterprise:${u}`));
  if (keyed.length === 0) tags.add(`keyless:${subgraph}`);
  for (const u of usccsIn(answer)) tags.add(`enterprise:${u}`);
  return [...tags];
}
