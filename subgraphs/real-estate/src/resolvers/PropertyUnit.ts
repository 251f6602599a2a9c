import type { RealEstateContext } from '../context.ts';
import type { PropertyUnit as Unit } from '../domain.ts';
import { describeUnitNumberProblem } from '../unit-number.ts';
import { selectRecords, type IncludeHistoricalArgs } from './records.ts';

export const PropertyUnit = {
  /** A malformed number is not sent: the registry would refuse the whole batch over it. */
  __resolveReference: (ref: { unitNo: string }, ctx: RealEstateContext) =>
    describeUnitNumberProblem(ref.unitNo) ? null : ctx.loaders.unit.load(ref.unitNo),
  rights: (u: Unit, args: IncludeHistoricalArgs) => selectRecords(u.rights, args.includeHistorical),
  mortgages: (u: Unit, args: IncludeHistoricalArgs) => selectRecords(u.mortgages, args.includeHistorical),
  seizures: (u: Unit, args: IncludeHistoricalArgs) => selectRecords(u.seizures, args.includeHistorical),
};
