import { describe, expect, it } from 'vitest';
import { formatGatewayError, scrubMessage } from './errors.ts';

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
