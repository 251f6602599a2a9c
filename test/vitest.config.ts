import { defineConfig } from 'vitest/config';

/** Whole-stack tests start real servers: one file at a time keeps two cores from thrashing. */
export default defineConfig({
  test: { include: ['e2e/**/*.test.ts', 'src/**/*.test.ts'], fileParallelism: false, testTimeout: 30_000, hookTimeout: 60_000 },
});
