import { describe, expect, it } from 'vitest';
import type { Holdings, PropertyRight } from './domain.ts';
import { realEstateEvents } from './events.ts';

const right = (overrides: Partial<PropertyRight>): PropertyRight => ({
  certificateNo: 'C', unitNo: 'U1', location: '某大厦101室', rightType: 'STATE_CONSTRUCTION_LAND_USE_AND_BUILDING_OWNERSHIP', rightTypeCode: '4',
  rightTypeLabel: '国有建设用地使用权/房屋（构筑物）所有权', rightNature: null, registrationType: 'TRANSFER', registrationTypeLabel: '转移登记',
  use: null, landUse: null, floorArea: null, exclusiveArea: null, sharedArea: null, registeredOn: '2018-01-01', status: 'CURRENT',
  endedOn: null, endedBy: null, holderName: '旧名公司', holderIdNumber: '91370212MA3D00020L', holderUscc: '91370212MA3D00020L', sharing: 'SOLE', term: null,
  ...overrides,
});
const holdings = (rights: PropertyRight[]): Holdings => ({ uscc: '91370212MA3D00020L', registeredName: '新名公司', rights, mortgages: [], seizures: [] });
const renamed = (unitNo: string): PropertyRight[] => [
  right({ unitNo, status: 'HISTORICAL', endedOn: '2022-09-01', endedBy: 'CHANGE' }),
  right({ unitNo, registrationType: 'CHANGE', registrationTypeLabel: '变更登记', registeredOn: '2022-09-01', holderName: '新名公司' }),
];

describe('real-estate lifecycle events', () => {
  it('reports one change of name registered on several units as one HOLDER_RENAMED event', () => {
    const events = realEstateEvents(holdings([...renamed('U1'), ...renamed('U2')]));
    expect(events.filter((e) => e.kind === 'HOLDER_RENAMED')).toEqual([
      { at: '2022-09-01', department: 'REAL_ESTATE', kind: 'HOLDER_RENAMED', title: '权利人名称变更登记', detail: '旧名公司 → 新名公司（2个不动产单元）' },
    ]);
    expect(events.filter((e) => e.kind === 'PROPERTY_DISPOSED')).toEqual([]);
  });

  it('does not call a 变更登记 that kept the holder\'s name a rename', () => {
    const kept = [right({ status: 'HISTORICAL', endedOn: '2020-01-01', endedBy: 'CHANGE' }), right({ registrationType: 'CHANGE', registeredOn: '2020-01-01' })];
    expect(realEstateEvents(holdings(kept)).map((e) => e.kind)).toEqual(['PROPERTY_ACQUIRED']);
  });

  it('reports a cancelled right as disposed of on the day it was cancelled', () => {
    const cancelled = right({ registrationType: 'FIRST', status: 'HISTORICAL', endedOn: '2024-05-06', endedBy: 'CANCELLATION' });
    expect(realEstateEvents(holdings([cancelled])).map((e) => [e.at, e.kind, e.title])).toEqual([
      ['2018-01-01', 'PROPERTY_ACQUIRED', '不动产首次登记'], ['2024-05-06', 'PROPERTY_DISPOSED', '不动产注销登记'],
    ]);
  });
});
