import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema, parse, validate } from 'graphql';
import type { Manifest } from '@district/operations';

/**
 * The schema check (模式检查): what a change of the public API schema does to its clients. The
 * schemas are compared with @graphql-inspector/core, which sorts every change as breaking (a
 * client's valid operation may fail: a field removed or retyped, an argument made required),
 * dangerous (valid operations still run but may answer differently: an enum value added, a
 * default changed) or safe; and every registered operation of the manifest is validated against
 * the new schema, so the ones that would break are named. A breaking change fails the check
 * unless it is acknowledged — by its id (`TYPE:path`, as listed) in the acknowledgement file, or
 * with --allow-breaking for all of them; a registered operation that would break always fails it
 * (unless --allow-breaking): change the operation, or retire it, first.
 */
export interface ListedChange {
  /** `TYPE:path`, e.g. `FIELD_REMOVED:TaxInfo.creditGrade`: what an acknowledgement names. */
  id: string;
  message: string;
}

export interface SchemaCheck {
  breaking: ListedChange[];
  dangerous: ListedChange[];
  safe: ListedChange[];
  /** Breaking changes not acknowledged. */
  unacknowledged: ListedChange[];
  /** Registered operations the new schema would refuse, with why. */
  brokenOperations: Array<{ name: string; id: string; errors: string[] }>;
  ok: boolean;
}

const listed = (c: Change): ListedChange => ({ id: `${c.type}${c.path ? `:${c.path}` : ''}`, message: c.message });

export async function checkSchema(o: { before: string; after: string; manifest: Manifest; acknowledged?: string[]; allowBreaking?: boolean }): Promise<SchemaCheck> {
  const after = buildSchema(o.after);
  const changes = await diff(buildSchema(o.before), after);
  const of = (level: CriticalityLevel) => changes.filter((c) => c.criticality.level === level).map(listed);
  const breaking = of(CriticalityLevel.Breaking);
  const acknowledged = new Set(o.acknowledged ?? []);
  const unacknowledged = o.allowBreaking ? [] : breaking.filter((c) => !acknowledged.has(c.id));
  const brokenOperations = o.manifest.operations
    .map((op) => ({ name: op.name, id: op.id, errors: validate(after, parse(op.body)).map((e) => e.message) }))
    .filter((op) => op.errors.length);
  return {
    breaking, dangerous: of(CriticalityLevel.Dangerous), safe: of(CriticalityLevel.NonBreaking), unacknowledged, brokenOperations,
    ok: !unacknowledged.length && (o.allowBreaking || !brokenOperations.length),
  };
}

/** The check as the command prints it. */
export function reportOf(check: SchemaCheck, against: string): string {
  const lines = [`schema check of the public API schema against ${against}:`];
  const section = (title: string, changes: ListedChange[], mark: (c: ListedChange) => string) => {
    lines.push(`${title} (${changes.length})${changes.length ? ':' : ''}`);
    for (const c of changes) lines.push(`  ${mark(c)} ${c.id}  ${c.message}`);
  };
  const open = new Set(check.unacknowledged.map((c) => c.id));
  section('breaking', check.breaking, (c) => (open.has(c.id) ? '✗' : '✓ acknowledged'));
  section('dangerous', check.dangerous, () => '!');
  section('safe', check.safe, () => '·');
  lines.push(`registered operations that would break (${check.brokenOperations.length})${check.brokenOperations.length ? ':' : ''}`);
  for (const op of check.brokenOperations) lines.push(`  ✗ ${op.name} (${op.id.slice(0, 12)}): ${op.errors.join(' ')}`);
  lines.push(check.ok
    ? 'ok'
    : `failed: ${[
      check.unacknowledged.length ? `${check.unacknowledged.length} breaking change(s) not acknowledged (add their ids to schema/breaking-changes.json, or pass --allow-breaking)` : '',
      check.brokenOperations.length ? `${check.brokenOperations.length} registered operation(s) would break (change or retire them first)` : '',
    ].filter(Boolean).join('; ')}`);
  return lines.join('\n');
}
