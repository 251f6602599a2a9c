import { DepartmentUnavailableError } from '@district/domain';
import type { QueryKind } from '../codes.ts';
import type { Taxpayer, TaxpayerBlocks } from '../domain.ts';
import type { TaxContext } from '../loaders.ts';

/**
 * One block of a taxpayer's record. Normally it came with the combined call that the reference
 * resolution planned (selection.ts); if it did not, it is fetched now through that kind's own
 * batched loader rather than guessed at.
 */
export async function block<K extends QueryKind>(taxpayer: Taxpayer, kind: K, ctx: TaxContext): Promise<TaxpayerBlocks[K]> {
  const have = taxpayer.blocks[kind];
  if (have !== undefined) return have as TaxpayerBlocks[K];
  const again = await ctx.loaders.taxpayers([kind]).load(taxpayer.taxpayerId);
  const got = again?.blocks[kind];
  // Known a moment ago, unknown now: the bureau contradicts itself, so we show nothing rather than a mix.
  if (got === undefined) throw new DepartmentUnavailableError('TAX', 'BAD_RESPONSE');
  return got as TaxpayerBlocks[K];
}
