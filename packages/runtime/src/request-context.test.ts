import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignJWT } from 'jose';
import { DEFAULT_CONTEXT_MAX_AGE_MS, DEV_CONTEXT_KEY, createContextSigner, readContextVerification, signContext, verifyContext } from './request-context.ts';

const caller = { sub: 'u-1', role: 'building-staff' as const, buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE' as const, requestId: 'req-12345678' };

describe('signed request context', () => {
  it('carries the caller from gateway to subgraph', async () => {
    const token = await signContext(caller, DEV_CONTEXT_KEY);
    expect(await verifyContext(token, DEV_CONTEXT_KEY)).toEqual(caller);
  });

  it('refuses a missing, forged, expired or malformed context as UNAUTHENTICATED', async () => {
    await expect(verifyContext(undefined, DEV_CONTEXT_KEY)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const forged = await signContext(caller, 'another-key-that-is-long-enough-to-be-a-key');
    await expect(verifyContext(forged, DEV_CONTEXT_KEY)).rejects.toThrow(/not valid/);
    const expired = await new SignJWT({ ...caller }).setProtectedHeader({ alg: 'HS256' }).setIssuer('district-gateway').setAudience('district-subgraphs')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600).setExpirationTime(Math.floor(Date.now() / 1000) - 300).sign(new TextEncoder().encode(DEV_CONTEXT_KEY));
    await expect(verifyContext(expired, DEV_CONTEXT_KEY)).rejects.toThrow(/expired/);
    const notACaller = await signContext({ ...caller, role: 'superuser' as any }, DEV_CONTEXT_KEY);
    await expect(verifyContext(notACaller, DEV_CONTEXT_KEY)).rejects.toThrow(/does not describe a caller/);
  });

  describe('bounded in age, whatever its own expiry says', () => {
    afterEach(() => vi.useRealTimers());
    const TEN_YEARS = 10 * 365 * 86_400;
    const now = () => Math.floor(Date.now() / 1000);
    /** A context jose signs with the shared key: issued `ageSeconds` ago, expiring `expiresIn` from now. */
    const josed = (claims: { iat?: number; exp: number }) => {
      const jwt = new SignJWT({ ...caller }).setProtectedHeader({ alg: 'HS256' }).setIssuer('district-gateway').setAudience('district-subgraphs').setExpirationTime(claims.exp);
      if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
      return jwt.sign(new TextEncoder().encode(DEV_CONTEXT_KEY));
    };

    it('refuses a context with a ten-year expiry issued longer ago than the max age, as UNAUTHENTICATED', async () => {
      const token = await josed({ iat: now() - 120, exp: now() + TEN_YEARS });
      await expect(verifyContext(token, DEV_CONTEXT_KEY)).rejects.toMatchObject({ message: expect.stringMatching(/too old/), extensions: { code: 'UNAUTHENTICATED' } });
    });

    it('refuses a captured context replayed once older than the max age', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const token = createContextSigner(DEV_CONTEXT_KEY, TEN_YEARS)(caller);
      vi.setSystemTime(Date.now() + 4_000);
      expect(await verifyContext(token, DEV_CONTEXT_KEY, { maxAgeMs: 6_000 })).toEqual(caller);
      vi.setSystemTime(Date.now() + 4_000);
      await expect(verifyContext(token, DEV_CONTEXT_KEY, { maxAgeMs: 6_000 })).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      // The default bound too.
      vi.setSystemTime(Date.now() + DEFAULT_CONTEXT_MAX_AGE_MS);
      await expect(verifyContext(token, DEV_CONTEXT_KEY)).rejects.toThrow(/too old/);
    });

    it('refuses a context without an issue time, or issued in the future', async () => {
      await expect(verifyContext(await josed({ exp: now() + 30 }), DEV_CONTEXT_KEY)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      await expect(verifyContext(await josed({ iat: now() + 600, exp: now() + 660 }), DEV_CONTEXT_KEY)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      // A clock a second or two ahead is not a forgery.
      expect(await verifyContext(await josed({ iat: now() + 2, exp: now() + 30 }), DEV_CONTEXT_KEY)).toEqual(caller);
    });

    it('expires when its signer says: the gateway signs to its request deadline', async () => {
      const deadline = Date.now() + 8_000;
      const token = createContextSigner(DEV_CONTEXT_KEY)(caller, deadline);
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
      expect(claims.exp).toBe(Math.ceil(deadline / 1000));
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(deadline + 1_000);
      await expect(verifyContext(token, DEV_CONTEXT_KEY)).rejects.toThrow(/expired/);
    });
  });

  it('reads the max age once, and refuses a bad one with the setting named', () => {
    expect(readContextVerification({}).maxAgeMs).toBe(DEFAULT_CONTEXT_MAX_AGE_MS);
    expect(readContextVerification({ SUBGRAPH_CONTEXT_MAX_AGE_MS: '10000' }).maxAgeMs).toBe(10_000);
    for (const bad of ['abc', '0', '-5', '1.5', '3600000']) {
      expect(() => readContextVerification({ SUBGRAPH_CONTEXT_MAX_AGE_MS: bad }), bad).toThrow(/SUBGRAPH_CONTEXT_MAX_AGE_MS/);
    }
  });

  it('refuses the development key, a missing key and switched-off verification in production', () => {
    expect(() => readContextVerification({ NODE_ENV: 'production' })).toThrow(/SUBGRAPH_CONTEXT_KEY: is required/);
    expect(() => readContextVerification({ NODE_ENV: 'production', SUBGRAPH_CONTEXT_KEY: DEV_CONTEXT_KEY })).toThrow(/development key/);
    expect(() => readContextVerification({ NODE_ENV: 'production', SUBGRAPH_CONTEXT_KEY: 'x'.repeat(40), SUBGRAPH_VERIFY_CONTEXT: 'false' })).toThrow(/refused in production/);
    expect(readContextVerification({ SUBGRAPH_VERIFY_CONTEXT: 'false' }).verify).toBe(false);
  });
});
