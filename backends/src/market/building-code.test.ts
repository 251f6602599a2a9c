import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDataset, SAMPLE_USCC } from '@district/dataset';
import { q, startMarket, type MarketClient } from './test-client.ts';

/** 楼宇编码 (building code) tags on registrations: on the record, as a search filter, and after an address change. */

let market: MarketClient;
const dataset = getDataset();
beforeAll(async () => void (market = await startMarket()));
afterAll(() => market.close());
beforeEach(() => fetch(`${market.base}/__sim/state/reset`, { method: 'POST' }));

const search = (params: Record<string, string | number>) => market.call('GET', q('/api/v1/enterprises', params));

describe('market registry building codes', () => {
  it('tags a record with the building it is registered in, and null when registered elsewhere', async () => {
    const healthy = (await market.call('GET', `/api/v1/enterprises/${SAMPLE_USCC.healthy}`)).body.data;
    expect(healthy.buildingCode).toBe('LS-B001');
    const batch = (await market.call('POST', '/api/v1/enterprises/batch', { body: { uniscIds: [SAMPLE_USCC.abnormal, SAMPLE_USCC.revoked] } })).body.data;
    expect(batch.list.map((r: { buildingCode: string | null }) => r.buildingCode)).toEqual(['LS-B003', null]);
  });

  it('lists a building by its code, closed enterprises included, in USCC order', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const { body } = await search({ buildingCode: 'LS-B001', page, pageSize: 100 });
      expect(body.data.total).toBe(420);
      seen.push(...body.data.list.map((r: { uniscId: string; buildingCode: string }) => (expect(r.buildingCode).toBe('LS-B001'), r.uniscId)));
    }
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen)).toEqual(new Set(dataset.enterprises.filter((e) => e.buildingId === 'LS-B001').map((e) => e.uscc)));
    expect((await search({ buildingCode: 'LS-B003', pageSize: 100 })).body.data.total).toBe(12);
  });

  it('combines the building code with the other filters, and finds nothing for a code no building has', async () => {
    const closed = (await search({ buildingCode: 'LS-B001', status: '注销', pageSize: 100 })).body.data;
    const expected = dataset.enterprises.filter((e) => e.buildingId === 'LS-B001' && e.status === 'DEREGISTERED');
    expect(closed.total).toBe(expected.length);
    expect(closed.list.every((r: { regState: string }) => r.regState === '注销')).toBe(true);
    expect((await search({ buildingCode: 'LS-B999' })).body.data).toMatchObject({ total: 0, list: [] });
  });

  it('refuses a malformed building code with E2001 naming the parameter', async () => {
    const { status, body } = await search({ buildingCode: 'ls b001' });
    expect(status).toBe(400);
    expect(body.code).toBe('E2001');
    expect(body.message).toContain('buildingCode must be a 楼宇编码');
  });

  it('re-tags an enterprise whose 住所 moves into another building', async () => {
    const outside = dataset.enterprises.find((e) => e.status === 'EXISTING' && !e.buildingId && !e.parentUscc)!;
    const change = await market.call('POST', `/api/v1/enterprises/${outside.uscc}/changes`, {
      body: { dom: '山东省青岛市崂山区东海东路66号石老人商务楼101室' }, idempotencyKey: 'move-2',
    });
    expect(change.body.data.enterprise.buildingCode).toBe('LS-B003');
    expect((await search({ buildingCode: 'LS-B003', pageSize: 100 })).body.data.total).toBe(13);
  });
});
