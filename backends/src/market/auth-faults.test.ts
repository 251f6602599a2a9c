import { afterEach, describe, expect, it } from 'vitest';
import { DEV_CREDENTIALS } from '@district/domain';
import { SAMPLE_USCC } from '@district/dataset';
import { MAX_BODY_BYTES } from '../sim/server.ts';
import { signMarketRequest } from './signature.ts';
import { q, startMarket, type MarketClient } from './test-client.ts';

let market: MarketClient | undefined;
afterEach(async () => {
  await market?.close();
  market = undefined;
});

const path = `/api/v1/enterprises/${SAMPLE_USCC.healthy}`;

describe('market registry authentication', () => {
  it('accepts a request signed with the canonical query string, Chinese text included', async () => {
    market = await startMarket();
    const target = q('/api/v1/enterprises', { address: '山东省青岛市崂山区 海尔路180号', pageSize: 1 });
    const headers = signMarketRequest({ method: 'GET', pathWithQuery: target, ...DEV_CREDENTIALS.market });
    const res = await fetch(market.base + target, { headers });
    expect((await res.json()).code).toBe('0');
  });

  it('refuses a bad signature, an unknown key, a stale or future timestamp and missing headers', async () => {
    market = await startMarket();
    const wrongSecret = await market.call('GET', path, { sign: { appSecret: 'not-the-secret' } });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.code).toBe('E1001');
    const tampered = await market.call('GET', path, { headers: { 'X-Signature': '0'.repeat(64) } });
    expect(tampered.body.code).toBe('E1001');
    const unknownKey = await market.call('GET', path, { sign: { appKey: 'someone-else' } });
    expect(unknownKey.body).toMatchObject({ code: 'E1000' });
    expect(unknownKey.body.message).toContain('someone-else');
    const stale = await market.call('GET', path, { sign: { timestamp: Date.now() - 301_000 } });
    expect(stale.body.code).toBe('E1002');
    expect(stale.body.message).toMatch(/behind server time/);
    expect((await market.call('GET', path, { sign: { timestamp: Date.now() + 400_000 } })).body.code).toBe('E1002');
    const bare = await fetch(market.base + path);
    expect(bare.status).toBe(401);
    expect((await bare.json()).message).toContain('X-App-Key, X-Timestamp, X-Nonce, X-Signature');
  });

  it('refuses a replayed nonce within the window', async () => {
    market = await startMarket();
    const first = await market.call('GET', path, { sign: { nonce: 'nonce-42' } });
    expect(first.body.code).toBe('0');
    const replay = await market.call('GET', path, { sign: { nonce: 'nonce-42' } });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('E1003');
  });

  it('uses the credentials given in the options', async () => {
    const credentials = { appKey: 'adapter-test', appSecret: 's3cret' };
    market = await startMarket({}, { credentials });
    expect((await market.call('GET', path)).body.code).toBe('0');
    expect((await market.call('GET', path, { sign: DEV_CREDENTIALS.market })).body.code).toBe('E1000');
  });
});

describe('market registry faults, answered natively', () => {
  it('answers over its rate limit with E4290 and HTTP 429', async () => {
    market = await startMarket({ rateLimitPerSecond: 2 });
    const replies = await Promise.all(Array.from({ length: 6 }, () => market!.call('GET', path)));
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(limited[0].body.code).toBe('E4290');
    expect(limited[0].headers.get('retry-after')).toBe('1');
  });

  it('answers an outage with E5030 and HTTP 503, injected errors with E5000, and recovers when cleared', async () => {
    market = await startMarket();
    await fetch(`${market.base}/__sim/faults`, { method: 'POST', body: JSON.stringify({ outage: true }) });
    const down = await market.call('GET', path);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: 'E5030', data: null });
    await fetch(`${market.base}/__sim/faults`, { method: 'POST', body: JSON.stringify({ outage: false, errorRate: 1 }) });
    const failing = await market.call('GET', path);
    expect(failing.status).toBe(500);
    expect(failing.body.code).toBe('E5000');
    await fetch(`${market.base}/__sim/faults`, { method: 'DELETE' });
    expect((await market.call('GET', path)).body.code).toBe('0');
  });

  it('adds the configured latency', async () => {
    market = await startMarket();
    await fetch(`${market.base}/__sim/faults`, { method: 'POST', body: JSON.stringify({ latencyMs: 120 }) });
    const started = Date.now();
    await market.call('GET', path);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('refuses a body over 1 MB with E4130', async () => {
    market = await startMarket();
    const res = await market.call('POST', '/api/v1/enterprises/batch', { rawBody: 'x'.repeat(MAX_BODY_BYTES + 1) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('E4130');
  });

  it('counts requests per route and rejections in /__sim/stats', async () => {
    market = await startMarket({ rateLimitPerSecond: 0 });
    await market.call('GET', path);
    await market.call('GET', path);
    await market.call('GET', `${path}/changes`);
    await market.call('POST', '/api/v1/enterprises/batch', { body: { uniscIds: [SAMPLE_USCC.healthy] } });
    await market.call('GET', '/api/v1/unknown');
    await fetch(`${market.base}/__sim/faults`, { method: 'POST', body: JSON.stringify({ outage: true }) });
    await market.call('GET', path);
    const stats = await (await fetch(`${market.base}/__sim/stats`)).json();
    expect(stats.requests).toBe(6);
    expect(stats.byRoute).toMatchObject({ 'enterprise.get': 3, 'enterprise.changes': 1, 'enterprise.batch': 1 });
    expect(stats.rejected).toMatchObject({ outage: 1, notFound: 1 });
    await fetch(`${market.base}/__sim/stats/reset`, { method: 'POST' });
    expect((await (await fetch(`${market.base}/__sim/stats`)).json()).requests).toBe(0);
  });
});
