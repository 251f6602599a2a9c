import type { Db } from './db.ts';
import { ACCESS_RECORD_DDL } from './audit-ddl.ts';

/**
 * Forward-only migrations, applied in order under an advisory lock so several instances starting
 * together against one PostgreSQL apply each exactly once.
 */
export const MIGRATIONS: { id: string; sql: string; statements?: string[] }[] = [
  {
    id: '001_buildings',
    sql: `
      CREATE TABLE building (
        id text PRIMARY KEY,
        name text NOT NULL,
        address text NOT NULL UNIQUE,
        street text NOT NULL,
        floors integer NOT NULL,
        completed_year integer NOT NULL
      );
      CREATE TABLE building_staff (
        id text PRIMARY KEY,
        building_id text NOT NULL REFERENCES building(id),
        name text NOT NULL,
        phone text NOT NULL
      );
      CREATE INDEX building_staff_building ON building_staff(building_id);`,
  },
  {
    // The access record (audit): append-only and hash-chained, see audit.ts. Kept at least six
    // months (domain.md §5.2); there is no deletion path in the code. Statements are listed one by
    // one because the trigger function's body contains semicolons.
    id: '002_access_record',
    sql: '',
    statements: ACCESS_RECORD_DDL,
  },
];

const LOCK_KEY = 7_370_212;

export async function migrate(db: Db): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migration (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ id: string }>('SELECT id FROM schema_migration')).map((r) => r.id));
    const applied: string[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      const statements = m.statements ?? m.sql.split(';').map((s) => s.trim()).filter(Boolean);
      for (const statement of statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migration (id) VALUES ($1)', [m.id]);
      applied.push(m.id);
    }
    return applied;
  });
}
