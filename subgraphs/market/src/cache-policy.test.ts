import { describe, expect, it } from 'vitest';
import { searchPageKey, searchPageSpecOf, type SearchPageSpec } from './cache-policy.ts';

describe('search page keys', () => {
  it('name the page they were made from, so the refresher can read it again from its key alone', () => {
    const specs: SearchPageSpec[] = [
      { search: { buildingCode: 'LS-B001' }, page: 2, pageSize: 100 },
      { search: { keyword: '科技 & 贸易', status: 'EXISTING', typeCode: '1100' }, page: 1, pageSize: 20 },
      { search: {}, page: 1, pageSize: 100 },
    ];
    for (const spec of specs) expect(searchPageSpecOf(searchPageKey(spec))).toEqual(spec);
  });
});
