import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { LOADED_MACHINE_TIMEOUTS } from '../vitest.shared.ts';

/**
 * Whole-stack tests start real servers: one file at a time keeps two cores from thrashing, and the
 * time limits hold on a busy, shared machine (see vitest.shared.ts).
 * `graphql` is loaded as Node loads it (its CommonJS `main`), not through the `module` field Vite
 * prefers: otherwise our code and Apollo Server would hold two GraphQLError classes, and an error
 * our gateway throws would reach the client stripped of its path, unlike in production.
 */
const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: { include: ['e2e/**/*.test.ts', 'src/**/*.test.ts', 'tools/**/*.test.ts'], fileParallelism: false, ...LOADED_MACHINE_TIMEOUTS },
});
