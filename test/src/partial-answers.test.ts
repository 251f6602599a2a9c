import { describe, expect, it } from 'vitest';
import { errorLines, expandPaths, nullLeaves, withNulls } from './partial-answers.ts';

const answer = {
  building: {
    name: '金岭国际大厦',
    enterprises: { edges: [{ node: { uscc: 'a', tax: { status: 'NORMAL' } } }, { node: { uscc: 'b', tax: null } }] },
  },
  holder: null,
};

describe('partial answers', () => {
  it('lists every null as a dotted path', () => {
    expect(nullLeaves(answer)).toEqual(['building.enterprises.edges.1.node.tax', 'holder']);
    expect(nullLeaves(null)).toEqual(['']);
    expect(nullLeaves({ a: 1, b: [] })).toEqual([]);
  });

  it('expands * to every item, and stops where there is nothing to lose', () => {
    expect(expandPaths(answer, 'building.enterprises.edges.*.node.tax')).toEqual([
      'building.enterprises.edges.0.node.tax', 'building.enterprises.edges.1.node.tax',
    ]);
    expect(expandPaths(answer, 'holder.registration')).toEqual([]);
    expect(expandPaths(answer, 'building.missing.field')).toEqual([]);
    expect(expandPaths(answer, 'building.name.*')).toEqual([]);
  });

  it('nulls the paths in a copy, leaving the answer as it was', () => {
    const lost = withNulls(answer, ['building.enterprises.edges.0.node.tax', 'building.name']);
    expect(lost.building.name).toBeNull();
    expect(lost.building.enterprises.edges[0].node).toEqual({ uscc: 'a', tax: null });
    expect(answer.building.enterprises.edges[0].node.tax).toEqual({ status: 'NORMAL' });
  });

  it('reads errors as sorted lines of path, code and department', () => {
    expect(errorLines([
      { message: 'x', path: ['b', 0, 'tax'], extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'TAX' } },
      { message: 'y', extensions: { code: 'FORBIDDEN' } },
    ])).toEqual([' → FORBIDDEN', 'b.0.tax → DEPARTMENT_UNAVAILABLE TAX']);
    expect(errorLines(undefined)).toEqual([]);
  });
});
