import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS, formatGatewayError, scrubMessage } from './errors.ts';

describe('gateway error formatting', () => {
  it('hides internal addresses in messages', () => {
    expect(scrubMessage('request to http://127.0.0.1:4002/ failed, reason: connect ECONNREFUSED 127.0.0.1:4002'))
      .toBe('request to [internal address] failed, reason: connect ECONNREFUSED [internal address]');
  });

  it('drops stack traces and gives every error a code', () => {
    const out = formatGatewayError({ message: 'x', extensions: { stacktrace: ['at foo (/srv/a.ts:1)'] } });
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});

describe('refusals without a code', () => {
  it('names a persisted-query hash mismatch, and any other coded-less 4xx BAD_REQUEST, never INTERNAL_SERVER_ERROR', () => {
    const original = (message: string, status: number) => ({ message, extensions: { http: { status } } });
    const mismatch = formatGatewayError({ message: 'provided sha does not match query', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, original('provided sha does not match query', 400));
    expect(mismatch.extensions?.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
    const other = formatGatewayError({ message: 'something else', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, original('something else', 406));
    expect(other.extensions?.code).toBe('BAD_REQUEST');
    const ours = formatGatewayError({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, { message: 'boom', extensions: {} });
    expect(ours.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it("cuts graphql-js's echo of a long literal to a short quote", () => {
    const out = formatGatewayError({ message: `Int cannot represent non-integer value: "${'9'.repeat(5_000)}"`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(out.message).toBe(`Int cannot represent non-integer value: "${'9'.repeat(40)}"…(5000 characters)`);
  });

  it('cuts any other message longer than MAX_MESSAGE_CHARS, saying how long it was', () => {
    const out = formatGatewayError({ message: `unexpected ${'x '.repeat(2_500)}`, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(out.message.length).toBeLessThan(MAX_MESSAGE_CHARS + 40);
    expect(out.message).toMatch(/… \(cut: 5011 characters\)$/);
  });
});
