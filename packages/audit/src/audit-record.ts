import { z } from 'zod';
import { DELEGATION_ID, PURPOSES, ROLES } from '@district/domain';

/**
 * One access record (访问记录): what the gateway saw of one operation that touched enterprise
 * data, sent to the services store, which chains it (seq, prev_hash, hash). Only identifiers of
 * enterprises (USCC, public) and schema coordinates (Type.field) are recorded: never ID numbers,
 * names or values read.
 */
/**
 * What came of an operation, one meaning each (gateway/src/audit.ts `outcomeOf`): OK answered in
 * full; PARTIAL a department unavailable, the rest answered; INVALID the caller's own mistake (bad
 * input, or what it asked cannot be); DENIED the caller refused; ERROR our failure.
 */
export const ACCESS_OUTCOMES = ['OK', 'PARTIAL', 'INVALID', 'DENIED', 'ERROR'] as const;
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

/** Who and role of a request refused before anyone was authenticated (no, bad or forged credentials). */
export const UNAUTHENTICATED = 'unauthenticated';

/**
 * A request id as a client may send it in `x-request-id` (and a subgraph in its own calls): kept
 * only as the client's (`clientRequestId`), beside the id the gateway makes for every request.
 */
export const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

const coordinate = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/).max(128);

export const AccessRecordInputSchema = z.object({
  /** When the operation was received (ISO 8601). */
  at: z.string().datetime({ offset: true }),
  /** Our own id of the request (the gateway's UUID): unique, so an append is idempotent per request id. */
  requestId: z.string().min(1).max(64),
  /** The client's own x-request-id, when it sent one within REQUEST_ID: for following its request, never trusted as ours. */
  clientRequestId: z.string().regex(REQUEST_ID).nullish(),
  /**
   * The caller's sub (official or client id): for the record; never shown to enterprises. What
   * services does on a caller's behalf names them after its own part: `bundle-worker:<sub>`
   * (a sub is at most 128 characters).
   */
  who: z.string().min(1).max(160),
  role: z.enum([...ROLES, UNAUTHENTICATED]),
  purpose: z.enum(PURPOSES).nullish(),
  caseId: z.string().max(64).nullish(),
  /** Departments (subgraphs) the operation asked. */
  departments: z.array(z.string().regex(/^[A-Z0-9_]{1,40}$/)).max(50),
  /** Keys of the enterprises touched (USCC). */
  subjects: z.array(z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/)).max(10_000),
  /** Fields selected, as schema coordinates Type.field. */
  fields: z.array(coordinate).max(2_000),
  outcome: z.enum(ACCESS_OUTCOMES),
  /** The registered operation the request ran (its name in the persisted-query manifest), if it was one. */
  operation: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).max(128).nullish(),
  /** Its id: the hex SHA-256 of its normalized body (@district/operations). */
  operationId: z.string().regex(/^[0-9a-f]{64}$/).nullish(),
  /** The agent (帮办代办, its id: the token's sub) who acted for the enterprise under a delegation. */
  agent: z.string().min(1).max(128).nullish(),
  /** The delegation (委托编号) it acted under. */
  delegationId: z.string().regex(DELEGATION_ID).nullish(),
});
export type AccessRecordInput = z.infer<typeof AccessRecordInputSchema>;
