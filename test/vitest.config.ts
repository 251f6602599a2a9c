import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

/**
 * Whole-stack tests start real servers: one file at a time keeps two cores from thrashing.
 * `graphql` is loaded as Node loads it (its CommonJS `main`), not through the `module` field Vite
 * prefers: otherwise our code and Apollo Server would hold two GraphQLError classes, and an error
 * our gateway throws would reach the client stripped of its path, unlike in production.
 */
const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: { include: ['e2e/**/*.test.ts', 'src/**/*.test.ts'], fileParallelism: false, testTimeout: 30_000, hookTimeout: 60_000 },
});
