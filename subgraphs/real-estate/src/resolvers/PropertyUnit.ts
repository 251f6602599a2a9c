import type { RealEstateContext } from '../loaders.ts';
import type { PropertyUnit as Unit } from '../domain.ts';
import { describeUnitNumberProblem } from '../unit-number.ts';
import { assertUnitInScope } from './Query.ts';
import { selectRecords, type IncludeHistoricalArgs } from './records.ts';

export const PropertyUnit = {
  /**
   * A malformed number is not sent: the registry would refuse the whole batch over it. The unit
   * is returned as the loader gives it: DepartmentReads hands out cached records whose top level
   * is this request's own, so @apollo/subgraph can mark it with its __typename.
   */
  __resolveReference: async (ref: { unitNo: string }, ctx: RealEstateContext) => {
    if (describeUnitNumberProblem(ref.unitNo)) return null;
    const unit = await ctx.loaders.unit.load(ref.unitNo);
    assertUnitInScope(ctx.caller, unit, 'PropertyUnit');
    return unit;
  },
  rights: (u: Unit, args: IncludeHistoricalArgs) => selectRecords(u.rights, args.includeHistorical),
  mortgages: (u: Unit, args: IncludeHistoricalArgs) => selectRecords(u.mortgages, args.includeHistorical),
  seizures: (u: Unit, args: IncludeHistoricalArgs) => selectRecords(u.seizures, args.includeHistorical),
};
