import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { LOADED_MACHINE_TIMEOUTS } from '../vitest.shared.ts';

/**
 * Composition is CPU-bound: the same time limits as every workspace, for a busy, shared machine (see vitest.shared.ts).
 * `graphql` is loaded as Node loads it (its CommonJS `main`), as the federation libraries and
 * @graphql-inspector/core do: otherwise a schema built by one would be "from another realm" to the other.
 */
const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: { ...LOADED_MACHINE_TIMEOUTS },
});
