/**
 * Time limits every workspace's vitest.config.ts uses. Most workspaces start real servers in their
 * tests (department stand-ins, subgraphs, the gateway, whole stacks, child processes), and CI
 * machines are shared: a fresh clone's `npm test` once ran at load average 14 on 2 cores, where
 * starting one subgraph stack took longer than vitest's default 5 s. A limit only bounds a test
 * that hangs, so it is sized for that machine, not for an idle one. Waits inside tests poll for
 * their condition (`vi.waitFor`) instead of sleeping a guessed time.
 */
export const LOADED_MACHINE_TIMEOUTS = {
  /** One test, including any stack it starts itself. */
  testTimeout: 30_000,
  /** beforeAll/afterAll, which start and stop stacks shared by a file. */
  hookTimeout: 60_000,
  /** Closing servers and connections after a file. */
  teardownTimeout: 30_000,
} as const;
