import { defineConfig } from 'vitest/config';
import { LOADED_MACHINE_TIMEOUTS } from '../vitest.shared.ts';

/**
 * Whole-stack tests start real servers: one file at a time keeps two cores from thrashing, and the
 * time limits hold on a busy, shared machine (see vitest.shared.ts).
 */
export default defineConfig({
  test: { include: ['e2e/**/*.test.ts', 'src/**/*.test.ts', 'tools/**/*.test.ts'], fileParallelism: false, ...LOADED_MACHINE_TIMEOUTS },
});
