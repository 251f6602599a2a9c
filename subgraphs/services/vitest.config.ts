import { defineConfig } from 'vitest/config';

/**
 * The store and worker tests poll real databases (PGlite, and PostgreSQL with DATABASE_URL) and
 * wait up to 10 s for a bundle to settle; vitest's default 5 s test timeout cut them short when
 * CI's two cores were busy with other test files.
 */
export default defineConfig({
  test: { testTimeout: 20_000, hookTimeout: 60_000 },
});
