import { z } from 'zod';

/**
 * The README's settings table, made from the config schemas themselves (every field's
 * `.describe()`, its default, and `.meta(production(…))` / `.meta(shownDefault(…))`), so it cannot
 * drift from what the processes read. A field without a description is an error: declaring a
 * setting with `.describe('meaning')` is all it takes for it to appear.
 */
export interface SettingRow {
  name: string;
  default: string;
  meaning: string;
  production: string;
}

export interface ProcessSettings {
  /** The process as an operator knows it (gateway, market, npm start, …). */
  process: string;
  /** Every schema whose variables the process reads. */
  schemas: z.ZodObject[];
}

type Meta = { description?: string; production?: string; shownDefault?: string; defaultNote?: string };

/** A field's metadata, its own over its parents' (`.describe()`, `.meta()`) and inner types' (`.optional()`, `.default()`). */
function metaOf(field: z.ZodType): Meta {
  const chain: Meta[] = [];
  for (let f: z.ZodType | undefined = field; f; ) {
    chain.push((z.globalRegistry.get(f) ?? {}) as Meta);
    const def: { innerType?: z.ZodType; in?: z.ZodType } = (f as unknown as { _zod: { def: { innerType?: z.ZodType; in?: z.ZodType } } })._zod.def;
    f = def.innerType ?? def.in;
  }
  // The outermost wins: a description added after .optional() overrides one inside.
  return chain.reverse().reduce((a, m) => ({ ...a, ...m }), {} as Meta);
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function defaultOf(field: z.ZodType, meta: Meta): string {
  if (meta.shownDefault !== undefined) return meta.shownDefault;
  const parsed = field.safeParse(undefined);
  let shown: string;
  if (!parsed.success) shown = '(required)';
  else if (parsed.data === undefined) shown = '—';
  else shown = `\`${typeof parsed.data === 'object' ? JSON.stringify(parsed.data) : String(parsed.data)}\``;
  return meta.defaultNote ? `${shown} (${meta.defaultNote})` : shown;
}

/** The rows of one schema; throws naming every field that has no description. */
export function settingRows(schema: z.ZodObject): SettingRow[] {
  const missing: string[] = [];
  const rows = Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const meta = metaOf(field);
    if (!meta.description) missing.push(name);
    return { name, default: defaultOf(field, meta), meaning: meta.description ?? '', production: meta.production ?? '' };
  });
  if (missing.length) throw new Error(`settings without a description (add .describe('meaning')): ${missing.join(', ')}`);
  return rows;
}

/**
 * One markdown table of every process's settings, grouped by process in the order given. A
 * setting read the same way (same default, meaning and production rule) by several processes is
 * one row naming them, in the group of the first; by every process, one row for "all", first.
 * `aliases` names sets of processes (`every subgraph`).
 */
export function settingsTable(processes: ProcessSettings[], aliases: Record<string, string[]> = {}): string {
  const byRow = new Map<string, { row: SettingRow; processes: string[] }>();
  for (const p of processes) {
    const seen = new Set<string>();
    for (const schema of p.schemas) {
      for (const row of settingRows(schema)) {
        if (seen.has(row.name)) continue; // NODE_ENV is in several schemas of one process
        seen.add(row.name);
        const key = JSON.stringify(row);
        const entry = byRow.get(key) ?? { row, processes: [] };
        entry.processes.push(p.process);
        byRow.set(key, entry);
      }
    }
  }
  const all = processes.map((p) => p.process);
  const named = (list: string[]) => {
    if (list.length === all.length) return 'all';
    for (const [alias, members] of Object.entries(aliases)) {
      if (members.length === list.length && members.every((m) => list.includes(m))) return alias;
    }
    return list.join(', ');
  };
  const entries = [...byRow.values()];
  const order = (e: { processes: string[] }) => (e.processes.length === all.length ? -1 : all.indexOf(e.processes[0]));
  // Stable: within a group, as the schemas declare them (related settings side by side).
  entries.sort((a, b) => order(a) - order(b));
  return [
    '| setting | process | default | required in production | meaning |',
    '|---|---|---|---|---|',
    ...entries.map(({ row, processes: ps }) =>
      `| \`${row.name}\` | ${named(ps)} | ${cell(row.default)} | ${cell(row.production || '—')} | ${cell(row.meaning)} |`),
  ].join('\n');
}
