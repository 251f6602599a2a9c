import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createSecretKey } from 'node:crypto';
import type { Caller } from '@district/domain';
import { CONTEXT_TTL_SECONDS, DEV_CONTEXT_KEY, createContextSigner, verifyContext } from './request-context.ts';

/** What jose makes of the same claims: the reference our HMAC signer must match. */
const joseToken = (c: Caller) => new SignJWT({ ...c }).setProtectedHeader({ alg: 'HS256', typ: 'district-context+jwt' })
  .setIssuer('district-gateway').setAudience('district-subgraphs').setIssuedAt().setExpirationTime(`${CONTEXT_TTL_SECONDS}s`)
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

  it('refuses tampered tokens, other algorithms, other issuers and audiences, and tokens not yet valid', async () => {
    const token = createContextSigner(DEV_CONTEXT_KEY)(caller);
    const [h, p, sig] = token.split('.');
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    // Payload changed, signature kept: a building-staff context made into an auditor's.
    await expect(verifyContext(`${h}.${b64({ ...claims, role: 'auditor' })}.${sig}`, DEV_CONTEXT_KEY)).rejects.toThrow(/not valid/);
    await expect(verifyContext(`${b64({ alg: 'none' })}.${p}.`, DEV_CONTEXT_KEY)).rejects.toThrow(/not valid/);
    await expect(verifyContext(`${h}.${p}`, DEV_CONTEXT_KEY)).rejects.toThrow(/not valid/);
    await expect(verifyContext(`${h}.${p}.${sig}x`, DEV_CONTEXT_KEY)).rejects.toThrow(/not valid/);
    const key = createSecretKey(Buffer.from(DEV_CONTEXT_KEY, 'utf8'));
    const signed = (build: (j: SignJWT) => SignJWT, alg = 'HS256') => build(new SignJWT({ ...caller }).setProtectedHeader({ alg }).setIssuedAt().setExpirationTime('60s')).sign(key);
    await expect(verifyContext(await signed((j) => j.setIssuer('elsewhere').setAudience('district-subgraphs')), DEV_CONTEXT_KEY)).rejects.toThrow(/not valid/);
    await expect(verifyContext(await signed((j) => j.setIssuer('district-gateway').setAudience('another')), DEV_CONTEXT_KEY)).rejects.toThrow(/not valid/);
    await expect(verifyContext(await signed((j) => j.setIssuer('district-gateway').setAudience('district-subgraphs').setNotBefore('1h')), DEV_CONTEXT_KEY)).rejects.toThrow(/not valid/);
    await expect(verifyContext(await signed((j) => j.setIssuer('district-gateway').setAudience('district-subgraphs'), 'HS512'), DEV_CONTEXT_KEY)).rejects.toThrow(/not valid/);
    expect(await verifyContext(await signed((j) => j.setIssuer('district-gateway').setAudience(['x', 'district-subgraphs'])), DEV_CONTEXT_KEY)).toEqual(caller);
  });
});
