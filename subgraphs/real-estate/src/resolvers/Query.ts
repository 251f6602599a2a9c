import type { RealEstateContext } from '../context.ts';
import { assertUnitNumber } from '../unit-number.ts';

export const Query = {
  /** Refused before any call when malformed; null when the register does not know it. */
  propertyUnit: (_: unknown, { unitNo }: { unitNo: string }, ctx: RealEstateContext) => ctx.loaders.unit.load(assertUnitNumber(unitNo)),
};
