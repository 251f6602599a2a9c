import { describe, expect, it } from 'vitest';
import { identityFromClaims } from './claims.ts';

describe('agent tokens (帮办代办)', () => {
  it('carry the delegation they name, and nothing of an enterprise a token might claim', () => {
    expect(identityFromClaims({ sub: 'bbdb-007', role: 'agent', delegation: 'DL-ABCDEFGHJKLMNPQR', uscc: '91370212MA3C12346X' }))
      .toEqual({ sub: 'bbdb-007', role: 'agent', delegationId: 'DL-ABCDEFGHJKLMNPQR' });
    expect(identityFromClaims({ sub: 'bbdb-007', role: 'agent' })).toEqual({ sub: 'bbdb-007', role: 'agent' });
  });

  it('refuse a delegation claim that is no delegation id, saying so', () => {
    expect(() => identityFromClaims({ sub: 'bbdb-007', role: 'agent', delegation: 'DL-1' })).toThrow(/"delegation" claim must be a delegation id/);
  });
});
