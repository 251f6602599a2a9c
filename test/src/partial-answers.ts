/**
 * Reading partial answers (部分应答): which fields of a GraphQL answer are null, and which errors
 * say why, as dotted paths (`building.enterprises.edges.3.node.tax`). A department outage should
 * null exactly that department's fields of an otherwise healthy answer; these helpers let a test
 * say so in one comparison against the answer the healthy stack gave.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null;

/** Every null in the answer, as dotted paths, in document order. */
export function nullLeaves(data: unknown, prefix = ''): string[] {
  if (data === null) return [prefix];
  if (!isObject(data)) return [];
  return Object.entries(data).flatMap(([key, value]) => nullLeaves(value, prefix ? `${prefix}.${key}` : key));
}

/**
 * The concrete paths a pattern names in this answer: `*` stands for every index of a list. A
 * pattern stops where the answer has nothing (a null or missing parent): there is no field there
 * to lose.
 */
export function expandPaths(data: unknown, pattern: string): string[] {
  const walk = (value: unknown, parts: string[], at: string[]): string[] => {
    if (parts.length === 0) return [at.join('.')];
    if (!isObject(value)) return [];
    const [head, ...rest] = parts;
    if (head === '*') {
      return Array.isArray(value) ? value.flatMap((item, i) => walk(item, rest, [...at, String(i)])) : [];
    }
    return head in value ? walk(value[head], rest, [...at, head]) : [];
  };
  return walk(data, pattern.split('.'), []);
}

/** A deep copy of the answer with these paths set to null. */
export function withNulls<T>(data: T, paths: readonly string[]): T {
  const copy = structuredClone(data) as unknown;
  for (const path of paths) {
    const parts = path.split('.');
    let parent: any = copy;
    for (const part of parts.slice(0, -1)) parent = parent?.[part];
    if (isObject(parent)) (parent as any)[parts.at(-1)!] = null;
  }
  return copy as T;
}

export interface AnswerError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, any>;
}

/** The errors as `path → code department`, one line each, sorted: compact to compare and to read in a failure. */
export function errorLines(errors: readonly AnswerError[] | undefined): string[] {
  return (errors ?? [])
    .map((e) => `${(e.path ?? []).join('.')} → ${e.extensions?.code ?? '?'} ${e.extensions?.department ?? ''}`.trimEnd())
    .sort();
}
