import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { DEV_CONTEXT_KEY, readContextVerification, signContext, verifyContext } from './request-context.ts';

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

  it('refuses the development key, a missing key and switched-off verification in production', () => {
    expect(() => readContextVerification({ NODE_ENV: 'production' })).toThrow(/SUBGRAPH_CONTEXT_KEY: is required/);
    expect(() => readContextVerification({ NODE_ENV: 'production', SUBGRAPH_CONTEXT_KEY: DEV_CONTEXT_KEY })).toThrow(/development key/);
    expect(() => readContextVerification({ NODE_ENV: 'production', SUBGRAPH_CONTEXT_KEY: 'x'.repeat(40), SUBGRAPH_VERIFY_CONTEXT: 'false' })).toThrow(/refused in production/);
    expect(readContextVerification({ SUBGRAPH_VERIFY_CONTEXT: 'false' }).verify).toBe(false);
  });
});
