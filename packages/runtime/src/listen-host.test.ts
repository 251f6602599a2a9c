import { describe, expect, it } from 'vitest';
import { readListenHost } from './listen-host.ts';

describe('readListenHost', () => {
  it('is this machine only unless LISTEN_HOST says otherwise', () => {
    expect(readListenHost({})).toBe('127.0.0.1');
    expect(readListenHost({ LISTEN_HOST: '' })).toBe('127.0.0.1');
    expect(readListenHost({ LISTEN_HOST: '0.0.0.0' })).toBe('0.0.0.0');
  });
});
