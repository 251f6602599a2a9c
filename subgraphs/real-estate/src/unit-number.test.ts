import { describe, expect, it } from 'vitest';
import { describeUnitNumberProblem } from './unit-number.ts';

describe('不动产单元号 (GB/T 37346) shape', () => {
  it('accepts the domain examples, including land without a building (W + 00000000)', () => {
    for (const n of ['370212001002GB00123F00010502', '320684413219GB00029F00010002', '370212001002JC00123W00000000']) expect(describeUnitNumberProblem(n)).toBeNull();
  });

  it.each([
    ['', /28 characters.*has 0/],
    ['37021200100AGB00102F00011102', /characters 7–12|characters 10–12/],
    ['370212001008GI00102F00011102', /character 14 \(宗地特征码, land right\).*got "I"/],
    ['370212001008GB0010AF00011102', /characters 15–19 \(宗地顺序号/],
    ['370212001008gb00102F00011102', /character 13 .*got "g"/],
    ['370212001008GB00102F0001110A', /characters 21–28 \(定着物单元编号/],
  ])('says which segment of %j is wrong', (input, reason) => {
    expect(describeUnitNumberProblem(input)).toMatch(reason);
  });
});

describe('不动产单元号 problems quote the input briefly', () => {
  it('quotes a short prefix of an over-long number and says its length', () => {
    const message = describeUnitNumberProblem('3'.repeat(900_000))!;
    expect(message.length).toBeLessThan(200);
    expect(message).toMatch(/28 characters.*900000/);
  });

  it('quotes a short prefix of a 28-character number with a bad segment, and the segment', () => {
    expect(describeUnitNumberProblem('370212001008GI00102F00011102')).toContain('"370212001008GI00102F00011102"');
  });
});
