import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

/**
 * The services store: PostgreSQL when DATABASE_URL is set, PGlite (PostgreSQL in WebAssembly,
 * in-process) otherwise. Both speak the same SQL, so every query is written once.
 */
export interface Db {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction on one connection. */
  transaction<T>(fn: (tx: Pick<Db, 'query'>) => Promise<T>): Promise<T>;
  readonly kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export interface OpenDbOptions {
  databaseUrl?: string;
  schema: string;
  pgliteDir?: string;
}

export async function openDb(options: OpenDbOptions): Promise<Db> {
  const db = options.databaseUrl ? openPostgres(options.databaseUrl, options.schema) : await openPglite(options.pgliteDir, options.schema);
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  return db;
}

function openPostgres(url: string, schema: string): Db {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  // A dropped connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows,
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: async (sql, params) => (await client.query(sql, params as unknown[])).rows as any });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dir: string | undefined, schema: string): Promise<Db> {
  const lite = await PGlite.create(dir);
  await lite.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
  return {
    kind: 'pglite',
    query: async (sql, params) => (await lite.query(sql, params as unknown[])).rows as any,
    transaction: (fn) => lite.transaction((tx) => fn({ query: async (sql, params) => (await tx.query(sql, params as unknown[])).rows as any })),
    close: () => lite.close(),
  };
}
