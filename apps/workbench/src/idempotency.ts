/**
 * 幂等键 — one per form submission or button press, so a retried request (a flaky intranet, a
 * double click) makes no second visit or move. crypto.getRandomValues works on plain-http intranet
 * pages too, where crypto.randomUUID (secure contexts only) does not exist.
 */
export function idempotencyKey(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
