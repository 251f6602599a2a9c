/**
 * Options for `vi.waitFor` when a test waits for something another server, process or timer does:
 * poll often, give up late. vitest's default (1 s) is too short on a busy, shared machine, and a
 * fixed sleep either wastes time or guesses too little.
 */
export const POLL = { timeout: 20_000, interval: 20 } as const;
