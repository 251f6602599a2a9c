import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { decodeCursor, encodeCursor, pageSize } from '@district/subgraph-kit';
import { AccessRecordInputSchema } from '@district/audit';
import type { ServicesContext } from '../context.ts';
import { accessRecordsFor, appendAccessRecords } from '../store/audit.ts';
import { assertMayReadAccessLog, assertMayRecordAccess } from './access.ts';

/** The most records one `recordAccesses` call takes (the gateway batches at most 200). */
export const MAX_RECORDS_PER_CALL = 500;

export const AuditMutation = {
  recordAccesses: async (_: unknown, { inputs }: { inputs: unknown[] }, ctx: ServicesContext) => {
    assertMayRecordAccess(ctx.caller);
    if (inputs.length > MAX_RECORDS_PER_CALL) {
      throw new GraphQLError(`at most ${MAX_RECORDS_PER_CALL} access records per call`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    const parsed = z.array(AccessRecordInputSchema).safeParse(inputs);
    if (!parsed.success) {
      throw new GraphQLError('access record input is not valid', { extensions: { code: 'BAD_USER_INPUT', issues: parsed.error.issues.map((i) => i.path.join('.')) } });
    }
    const records = await appendAccessRecords(ctx.db, parsed.data);
    return records.map((r) => ({ seq: r.seq, hash: r.hash }));
  },
};

export const AuditEnterprise = {
  /**
   * The enterprise's access record, newest first. `who` (the official's or client's own id) is
   * deliberately not exposed: the enterprise sees role, purpose, case and departments, as in
   * Estonia's Data Tracker; auditors reach `who` in the store itself. `clientRequestId` likewise
   * only for auditors.
   */
  accessLog: async (enterprise: { uscc: string }, args: { first?: number; after?: string }, ctx: ServicesContext) => {
    assertMayReadAccessLog(ctx.caller, enterprise.uscc);
    const limit = pageSize(args.first);
    const offset = decodeCursor(args.after);
    const { rows, total } = await accessRecordsFor(ctx.db, enterprise.uscc, offset, limit);
    // The client's own request id is the official's system's, like `who`: for auditors only.
    const auditor = ctx.caller.role === 'auditor';
    const edges = rows.map(({ who: _who, subjects: _subjects, prevHash: _p, hash: _h, clientRequestId, ...node }, i) => ({
      cursor: encodeCursor(offset + i),
      node: { ...node, clientRequestId: auditor ? clientRequestId ?? null : null },
    }));
    return { edges, totalCount: total, pageInfo: { hasNextPage: offset + rows.length < total, endCursor: edges.at(-1)?.cursor ?? null } };
  },
};
