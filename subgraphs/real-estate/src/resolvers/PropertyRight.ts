import type { RealEstateContext } from '../context.ts';
import type { PropertyRight as Right } from '../domain.ts';
import { holderIdNumberFor, holderNameFor } from '../privacy.ts';
import { describeUnitNumberProblem } from '../unit-number.ts';

export const PropertyRight = {
  holderName: (r: Right) => holderNameFor(r),
  holderIdNumber: (r: Right) => holderIdNumberFor(r),
  /** A reference only: the gateway fetches the enterprise's other fields from their subgraphs. */
  holder: (r: Right) => (r.holderUscc ? { uscc: r.holderUscc } : null),
  // One odd number from the registry must not get a whole CX_BDCDY batch refused (2002).
  unit: (r: Right, _: unknown, ctx: RealEstateContext) => (describeUnitNumberProblem(r.unitNo) ? null : ctx.loaders.unit.load(r.unitNo)),
};
