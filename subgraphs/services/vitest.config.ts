import { defineConfig } from 'vitest/config';
import { LOADED_MACHINE_TIMEOUTS } from '../../vitest.shared.ts';

/**
 * The store and worker tests poll real databases (PGlite, and PostgreSQL with DATABASE_URL) and
 * start the subgraph: time limits that hold on a busy, shared machine (see vitest.shared.ts).
 */
export default defineConfig({
  test: { ...LOADED_MACHINE_TIMEOUTS },
});
