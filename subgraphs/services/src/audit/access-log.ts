import { z } from 'zod';
import { badUserInput, type Caller } from '@district/domain';
import { decodeCursor, encodeCursor, pageSize } from '@district/subgraph-kit';
import { AccessRecordInputSchema } from '@district/audit';
import type { Db } from '../store/db.ts';
import { accessRecordsFor, appendAccessRecords } from '../store/audit.ts';
import { assertMayReadAccessLog, assertMayRecordAccess } from './access.ts';

/** The most records one `recordAccesses` call takes (the gateway batches at most 200). */
export const MAX_RECORDS_PER_CALL = 500;

/** Mutation.recordAccesses: the gateway's (and the subgraphs' refusal) records, appended to the chain. */
export async function recordAccesses(db: Db, caller: Caller, inputs: unknown[]): Promise<{ seq: number; hash: string }[]> {
  assertMayRecordAccess(caller);
  if (inputs.length > MAX_RECORDS_PER_CALL) throw badUserInput(`at most ${MAX_RECORDS_PER_CALL} access records per call`);
  const parsed = z.array(AccessRecordInputSchema).safeParse(inputs);
  if (!parsed.success) throw badUserInput('access record input is not valid', { issues: parsed.error.issues.map((i) => i.path.join('.')) });
  const records = await appendAccessRecords(db, parsed.data);
  return records.map((r) => ({ seq: r.seq, hash: r.hash }));
}

/**
 * Enterprise.accessLog: the enterprise's access record, newest first, a page at a time. `who` (the
 * official's or client's own id) is deliberately not exposed: the enterprise sees role, purpose,
 * case and departments, as in Estonia's Data Tracker; auditors reach `who` in the store itself.
 * `clientRequestId` likewise only for auditors.
 */
export async function accessLog(db: Db, caller: Caller, uscc: string, args: { first?: number; after?: string }) {
  assertMayReadAccessLog(caller, uscc);
  const limit = pageSize(args.first);
  const offset = decodeCursor(args.after);
  const { rows, total } = await accessRecordsFor(db, uscc, offset, limit);
  // The client's own request id is the official's system's, like `who`: for auditors only.
  const auditor = caller.role === 'auditor';
  const edges = rows.map(({ who: _who, subjects: _subjects, prevHash: _p, hash: _h, clientRequestId, ...node }, i) => ({
    cursor: encodeCursor(offset + i),
    node: { ...node, clientRequestId: auditor ? clientRequestId ?? null : null },
  }));
  return { edges, totalCount: total, pageInfo: { hasNextPage: offset + rows.length < total, endCursor: edges.at(-1)?.cursor ?? null } };
}
