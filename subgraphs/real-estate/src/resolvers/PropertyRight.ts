import { assertHopAllowed } from '@district/subgraph-kit';
import type { RealEstateContext } from '../loaders.ts';
import type { PropertyRight as Right } from '../domain.ts';
import { holderIdNumberShown, holderNameShown } from '../privacy.ts';
import { describeUnitNumberProblem } from '../unit-number.ts';

export const PropertyRight = {
  holderName: (r: Right, _: unknown, ctx: RealEstateContext) => holderNameShown(r, ctx.caller),
  holderIdNumber: (r: Right, _: unknown, ctx: RealEstateContext) => holderIdNumberShown(r, ctx.caller),
  /**
   * A reference only: the gateway fetches the enterprise's other fields from their subgraphs. It
   * may be another enterprise than the one asked about, which this subgraph cannot place in the
   * caller's row scope: refused to building staff, and to an enterprise unless it is itself.
   */
  holder: (r: Right, _: unknown, ctx: RealEstateContext) => {
    if (!r.holderUscc) return null;
    assertHopAllowed(ctx.caller, r.holderUscc, 'PropertyRight.holder');
    return { uscc: r.holderUscc };
  },
  // One odd number from the registry must not get a whole CX_BDCDY batch refused (2002).
  unit: (r: Right, _: unknown, ctx: RealEstateContext) => (describeUnitNumberProblem(r.unitNo) ? null : ctx.loaders.unit.load(r.unitNo)),
};
