import { describe, expect, it } from 'vitest';
import { buildUnitNumber, certificateNumber, CERTIFICATE_REGEX, describeUnitNumberProblem, isUnitNumber, UNIT_NUMBER_REGEX } from './unit-number.ts';

describe('unit and certificate numbers', () => {
  it('builds the GB/T 37346 example from its 6+3+3+2+5+1+8 segments', () => {
    const no = buildUnitNumber({ region: '370212', district: 1, subDistrict: 2, landCode: 'GB', sequence: 123, fixtureKind: 'F', buildingNo: 1, roomNo: 502 });
    expect(no).toBe('370212001002GB00123F00010502');
    expect(UNIT_NUMBER_REGEX.test(no)).toBe(true);
    expect(isUnitNumber('320684413219GB00029F00010002')).toBe(true);
  });

  it('says which segment of a malformed unit number is wrong', () => {
    expect(describeUnitNumberProblem('370212001002GB00123F0001050')).toMatch(/28 characters.*has 27/);
    expect(describeUnitNumberProblem('370212001002XB00123F00010502')).toMatch(/character 13/);
    expect(describeUnitNumberProblem('370212001002GB00123F0001050A')).toMatch(/定着物单元编号/);
    expect(() => buildUnitNumber({ region: '370212', district: 1, subDistrict: 2, landCode: 'GB', sequence: 100_000, fixtureKind: 'F', buildingNo: 1, roomNo: 1 })).toThrow(/宗地顺序号/);
  });

  it('writes title and proof certificate numbers that match the domain regex and never repeat a serial', () => {
    expect(certificateNumber('title', 2023, 42)).toMatch(/^鲁\(2023\)青岛市崂山区不动产权第\d{7}号$/);
    expect(certificateNumber('proof', 2024, 42)).toMatch(/不动产证明第/);
    expect(CERTIFICATE_REGEX.test('鲁(2023)青岛市崂山区不动产权第0012345号')).toBe(true);
    const serials = new Set(Array.from({ length: 50_000 }, (_, i) => certificateNumber('title', 2020, i).slice(-9, -1)));
    expect(serials.size).toBe(50_000);
  });
});
