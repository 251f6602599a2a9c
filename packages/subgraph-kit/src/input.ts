import { badUserInput } from '@district/domain';
import { checkUscc, describeUsccProblem } from '@district/domain';

/** Validates a USCC argument at the edge: BAD_USER_INPUT saying exactly what is wrong. */
export function assertUscc(uscc: string, argument = 'uscc'): string {
  const verdict = checkUscc(uscc);
  if (!verdict.valid) throw badUserInput(describeUsccProblem(uscc, verdict.problem!), { argument, problem: verdict.problem!.kind });
  return uscc;
}

/** Page size limits for every connection: over-long pages are capped, not refused. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw badUserInput(`first must be a non-negative integer, got ${first}`, { argument: 'first' });
  return Math.min(first, MAX_PAGE_SIZE);
}

/** Opaque offset cursors ("cursor:<n>" in base64url). */
export const encodeCursor = (offset: number): string => Buffer.from(`cursor:${offset}`).toString('base64url');

export function decodeCursor(after: string | null | undefined): number {
  if (!after) return 0;
  const text = Buffer.from(after, 'base64url').toString('utf8');
  const m = /^cursor:(\d+)$/.exec(text);
  if (!m) throw badUserInput('after is not a cursor this API issued; pass a pageInfo.endCursor back as it is', { argument: 'after' });
  return Number(m[1]) + 1;
}
