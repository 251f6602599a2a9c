/**
 * `npm run audit:verify`: walks the access record's hash chain in the services store
 * (DATABASE_URL + DATABASE_SCHEMA, or PGlite in PGLITE_DIR) and prints OK with the count, or the
 * first broken record and why. Exit code 0 when intact, 1 when broken, 2 when it cannot run.
 */
import { readServicesConfig } from '@district/subgraph-services/config';
import { openDb } from '@district/subgraph-services/store/db';
import { verifyChain } from '@district/subgraph-services/store/audit';

const config = readServicesConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV === 'production' ? 'production' : 'development' });
if (!config.DATABASE_URL && !config.PGLITE_DIR) {
  console.error('audit:verify: set DATABASE_URL (and DATABASE_SCHEMA) or PGLITE_DIR: an in-memory store has no record to verify');
  process.exit(2);
}
const db = await openDb({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, pgliteDir: config.PGLITE_DIR });
try {
  const [table] = await db.query<{ t: string | null }>(`SELECT to_regclass('access_record')::text AS t`);
  if (!table?.t) {
    console.error(`audit:verify: no access_record table in schema ${config.DATABASE_SCHEMA}`);
    process.exitCode = 2;
  } else {
    const verdict = await verifyChain(db);
    if (verdict.ok) {
      console.log(`OK: ${verdict.count} access records, chain intact (head ${verdict.head})`);
    } else {
      console.log(`BROKEN at seq ${verdict.seq} (${verdict.problem}): ${verdict.reason}; ${verdict.count} records before it are intact`);
      process.exitCode = 1;
    }
  }
} finally {
  await db.close();
}
