import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createSecretKey } from 'node:crypto';
import type { Caller } from './caller.ts';
import { DEV_CONTEXT_KEY, createContextSigner, verifyContext } from './request-context.ts';

/** What jose makes of the same claims: the reference our HMAC signer must match. */
const joseToken = (c: Caller) => new SignJWT({ ...c }).setProtectedHeader({ alg: 'HS256', typ: 'district-context+jwt' })
  .setIssuer('district-gateway').setAudience('district-subgraphs').setIssuedAt().setExpirationTime('60s')
  .sign(createSecretKey(Buffer.from(DEV_CONTEXT_KEY, 'utf8')));

const caller = { sub: 'b-1', role: 'building-staff', requestId: 'req-9', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE', caseId: 'C-1' } as Caller;
const decode = (token: string) => token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));

describe('the context signer', () => {
  it('makes the token jose makes: same header, same claims, verified by subgraphs', async () => {
    const fast = createContextSigner(DEV_CONTEXT_KEY)(caller);
    const jose = await joseToken(caller);
    const [fh, fp] = decode(fast);
    const [jh, jp] = decode(jose);
    expect(fh).toEqual(jh);
    expect(Object.keys(fp).sort()).toEqual(Object.keys(jp).sort());
    expect({ ...fp, iat: 0, exp: fp.exp - fp.iat }).toEqual({ ...jp, iat: 0, exp: jp.exp - jp.iat });
    expect(await verifyContext(fast, DEV_CONTEXT_KEY)).toEqual(caller);
  });

  it('is refused under another key, and once expired', async () => {
    const token = createContextSigner(DEV_CONTEXT_KEY)(caller);
    await expect(verifyContext(token, 'another-context-key-that-is-long-enough-0123')).rejects.toThrow(/not valid/);
    const expired = createContextSigner(DEV_CONTEXT_KEY, -60)(caller);
    await expect(verifyContext(expired, DEV_CONTEXT_KEY)).rejects.toThrow(/expired/);
  });
});
