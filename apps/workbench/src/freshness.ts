import type { Answer } from './api.ts';

/**
 * 数据时效 — which departments this view could not read fresh: answered from cache while failing
 * (`extensions.stale`, with the time of the copy), or not at all (a DEPARTMENT_UNAVAILABLE error
 * naming the department; its fields are null). Collected over every answer the view is built from,
 * and over the statistics' own freshness, one note per department, the worst case winning.
 */
export interface DepartmentNote {
  department: string;
  kind: 'stale' | 'unavailable';
  /** When the copy shown was read (stale), if known. */
  asOf?: string;
  reason?: string;
}

/** The statistics' own per-department freshness (Building.stats.freshness). */
export interface StatsFreshness {
  department: string;
  asOf?: string | null;
  stale: boolean;
  unavailable: boolean;
}

export function freshnessOf(answers: (Answer<unknown> | undefined)[], stats: readonly StatsFreshness[] = []): DepartmentNote[] {
  const notes = new Map<string, DepartmentNote>();
  const put = (note: DepartmentNote) => {
    const had = notes.get(note.department);
    if (!had || (had.kind === 'stale' && note.kind === 'unavailable')) notes.set(note.department, note);
    else if (had.kind === note.kind && note.asOf && (!had.asOf || note.asOf < had.asOf)) had.asOf = note.asOf;
  };
  for (const answer of answers) {
    for (const s of answer?.extensions?.stale ?? []) put({ department: s.department, kind: 'stale', asOf: s.asOf, reason: s.reason });
    for (const e of answer?.errors ?? []) {
      const department = e.extensions?.department;
      if (e.extensions?.code === 'DEPARTMENT_UNAVAILABLE' && typeof department === 'string') put({ department, kind: 'unavailable', reason: e.extensions.reason });
    }
  }
  for (const f of stats) {
    if (f.unavailable) put({ department: f.department, kind: 'unavailable' });
    else if (f.stale) put({ department: f.department, kind: 'stale', asOf: f.asOf ?? undefined });
  }
  return [...notes.values()].sort((a, b) => a.department.localeCompare(b.department));
}
