import type { Db } from './db.ts';

/**
 * Forward-only migrations, applied in order under an advisory lock so several instances starting
 * together against one PostgreSQL apply each exactly once.
 */
export const MIGRATIONS: { id: string; sql: string }[] = [
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
      for (const statement of m.sql.split(';').map((s) => s.trim()).filter(Boolean)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migration (id) VALUES ($1)', [m.id]);
      applied.push(m.id);
    }
    return applied;
  });
}
