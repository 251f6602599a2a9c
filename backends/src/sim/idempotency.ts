import { createHash } from 'node:crypto';

/**
 * Remembers the reply to each write by its idempotency key, as the real systems do with their
 * own keys (an Idempotency-Key header, a message id, a business serial number). The same key with
 * the same request returns the first reply without writing again; the same key with a different
 * request is a conflict the caller must hear about, never a silent second write.
 */
export class IdempotencyStore<R> {
  private readonly entries = new Map<string, { fingerprint: string; reply: R }>();

  static fingerprint(payload: unknown): string {
    return createHash('sha256').update(typeof payload === 'string' ? payload : JSON.stringify(payload)).digest('hex');
  }

  /**
   * Runs `write` once per key. Returns `{ replayed: true }` with the stored reply on a repeat, or
   * `{ conflict: true }` when the key was used for a different request.
   */
  run(key: string, payload: unknown, write: () => R): { reply: R; replayed: boolean } | { conflict: true } {
    const fingerprint = IdempotencyStore.fingerprint(payload);
    const seen = this.entries.get(key);
    if (seen) return seen.fingerprint === fingerprint ? { reply: seen.reply, replayed: true } : { conflict: true };
    const reply = write();
    this.entries.set(key, { fingerprint, reply });
    return { reply, replayed: false };
  }

  clear(): void {
    this.entries.clear();
  }
}
