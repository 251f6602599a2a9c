import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Count signature verifications: the real jwtVerify, watched.
vi.mock('jose', async (importOriginal) => {
  const jose = await importOriginal<typeof import('jose')>();
  return { ...jose, jwtVerify: vi.fn(jose.jwtVerify) };
});
const { jwtVerify } = await import('jose');
const { createAuthenticator, VERIFIED_TOKEN_MAX_AGE_MS } = await import('./authenticate.ts');
const { signDevToken } = await import('./dev-token.ts');
const { readAuthSettings } = await import('./settings.ts');
const { AuthFailure } = await import('./errors.ts');

const settings = readAuthSettings({ NODE_ENV: 'development', GATEWAY_AUTH_DISABLED: false });
const bearer = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });
const verifications = () => vi.mocked(jwtVerify).mock.calls.length;

async function refusal(p: Promise<unknown>): Promise<InstanceType<typeof AuthFailure>> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(AuthFailure);
    return error as InstanceType<typeof AuthFailure>;
  }
  throw new Error('expected a refusal');
}

beforeEach(() => {
  vi.mocked(jwtVerify).mockClear();
});
afterEach(() => vi.useRealTimers());

describe('verified bearer tokens are remembered', () => {
  it('verifies a token once, and still reads purpose, case and request id from each request', async () => {
    const authenticate = createAuthenticator(settings);
    const token = await signDevToken({ role: 'window-staff' });
    const a = await authenticate(bearer(token, { 'x-purpose': 'ENTERPRISE_DEREGISTRATION' }), 'req-1');
    const b = await authenticate(bearer(token, { 'x-case-id': 'CASE-7' }), 'req-2');
    const c = await authenticate(bearer(token), 'req-3');
    expect(verifications()).toBe(1);
    expect(a).toEqual({ sub: 'dev-window-staff', role: 'window-staff', requestId: 'req-1', purpose: 'ENTERPRISE_DEREGISTRATION' });
    expect(b).toEqual({ sub: 'dev-window-staff', role: 'window-staff', requestId: 'req-2', caseId: 'CASE-7' });
    expect(c).toEqual({ sub: 'dev-window-staff', role: 'window-staff', requestId: 'req-3' });
    // A header that contradicts the token is refused, remembered token or not.
    const pinned = await signDevToken({ role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION' });
    await authenticate(bearer(pinned), 'req-4');
    expect((await refusal(authenticate(bearer(pinned, { 'x-purpose': 'AUDIT' }), 'req-5'))).status).toBe(403);
  });

  it('never remembers a refusal', async () => {
    const authenticate = createAuthenticator(settings);
    const forged = await signDevToken({ role: 'auditor' }, { secret: 'some-other-key-that-is-long-enough-0123456789' });
    for (let i = 0; i < 3; i++) expect((await refusal(authenticate(bearer(forged), 'r'))).message).toMatch(/signature is not valid/);
    const badClaims = await signDevToken({ role: 'building-staff' }, { unchecked: true });
    for (let i = 0; i < 2; i++) expect((await refusal(authenticate(bearer(badClaims), 'r'))).message).toMatch(/must name its buildings/);
    expect(verifications()).toBe(5);
  });

  it('keeps a token no longer than its expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-01T08:00:00Z'));
    const authenticate = createAuthenticator(settings);
    const token = await signDevToken({ role: 'auditor' }, { ttlSeconds: 60 });
    await authenticate(bearer(token), 'r');
    vi.setSystemTime(new Date('2026-06-01T08:00:30Z'));
    await authenticate(bearer(token), 'r');
    expect(verifications()).toBe(1);
    vi.setSystemTime(new Date('2026-06-01T08:01:10Z')); // past exp and the clock tolerance
    expect((await refusal(authenticate(bearer(token), 'r'))).message).toMatch(/expired/);
    expect(verifications()).toBe(2);
  });

  it('verifies a long-lived token again after the cache age limit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-01T08:00:00Z'));
    const authenticate = createAuthenticator(settings);
    const token = await signDevToken({ role: 'auditor' }, { ttlSeconds: 6 * 3600 });
    await authenticate(bearer(token), 'r');
    vi.setSystemTime(Date.now() + VERIFIED_TOKEN_MAX_AGE_MS + 1);
    await authenticate(bearer(token), 'r');
    await authenticate(bearer(token), 'r');
    expect(verifications()).toBe(2);
  });

  it('is bounded: the least recently used token goes first', async () => {
    const authenticate = createAuthenticator(settings, { cacheSize: 2 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((sub) => signDevToken({ sub, role: 'auditor' })));
    await authenticate(bearer(a), 'r');
    await authenticate(bearer(b), 'r');
    await authenticate(bearer(a), 'r'); // a used last: b is the oldest
    await authenticate(bearer(c), 'r'); // evicts b
    expect(verifications()).toBe(3);
    await authenticate(bearer(a), 'r');
    await authenticate(bearer(c), 'r');
    expect(verifications()).toBe(3);
    await authenticate(bearer(b), 'r');
    expect(verifications()).toBe(4);
  });

  it('verifies every request when the cache is off', async () => {
    const authenticate = createAuthenticator(settings, { cacheSize: 0 });
    const token = await signDevToken({ role: 'auditor' });
    for (let i = 0; i < 3; i++) await authenticate(bearer(token), 'r');
    expect(verifications()).toBe(3);
  });

  it('does not let a token verified under one issuer pass an authenticator expecting another', async () => {
    const ours = createAuthenticator({ ...settings, issuer: 'district' });
    const theirs = createAuthenticator({ ...settings, issuer: 'elsewhere' });
    const token = await signDevToken({ role: 'auditor' }, { issuer: 'district' });
    await ours(bearer(token), 'r');
    expect((await refusal(theirs(bearer(token), 'r'))).message).toMatch(/issuer/);
  });
});
