import { randomUUID } from 'node:crypto';
import { REQUEST_ID, UNAUTHENTICATED, type AccessRecordInput } from './audit-record.ts';
import type { AccessRecordWriter } from './audit-writer.ts';
import type { Logger } from '@district/runtime';
import { checkUscc } from '@district/domain';

/**
 * Requests refused before any data was read — no or bad bearer token at the gateway, an
 * operation over the limits, a subgraph called directly without a valid signed context — leave a
 * DENIED access record too, so auditors see attempts and not only reads (X-Road logs refusals).
 *
 * A flood of refusals must not become a flood of writes to the audit store: at most `perSecond`
 * records (token bucket); beyond it refusals are counted, and the count is logged once a second
 * and written as a record of its own (who `suppressed`), so the chain still shows the flood.
 */
export interface Refusal {
  /** Our own id of the refused request (the gateway's); none: a new UUID. */
  requestId?: string;
  /** The id the client sent (x-request-id), kept beside ours only when it fits REQUEST_ID. */
  clientRequestId?: string;
  /** The verified caller, when there was one (limits); otherwise the request was anonymous. */
  who?: string;
  role?: AccessRecordInput['role'];
  purpose?: AccessRecordInput['purpose'];
  departments?: string[];
  subjects?: string[];
  fields?: string[];
}

/**
 * Takes the refusal, or a function that makes it: what a refusal reached for (USCCs in its text,
 * its fields) is worked out only when it is recorded, not for every request of a flood.
 */
export type RecordRefusal = (refusal: Refusal | (() => Refusal)) => void;

export { REQUEST_ID };

export function createRefusalAuditor(o: { writer: AccessRecordWriter; logger: Logger; perSecond?: number }): RecordRefusal {
  const perSecond = o.perSecond ?? 50;
  let tokens = perSecond;
  let refilled = Date.now();
  let suppressed = 0;
  let reportTimer: NodeJS.Timeout | null = null;

  const writeDenied = (at: number, requestId: string, r: Refusal) => void o.writer.write({
    at: new Date(at).toISOString(),
    requestId,
    clientRequestId: r.clientRequestId && REQUEST_ID.test(r.clientRequestId) ? r.clientRequestId : null,
    who: r.who ?? UNAUTHENTICATED,
    role: r.role ?? UNAUTHENTICATED,
    purpose: r.purpose ?? null,
    caseId: null,
    departments: r.departments ?? [],
    subjects: r.subjects ?? [],
    fields: r.fields ?? [],
    outcome: 'DENIED',
  });

  const report = () => {
    reportTimer = null;
    if (!suppressed) return;
    const count = suppressed;
    suppressed = 0;
    o.logger.warn({ suppressed: count }, 'refused requests over the audit rate: counted, not recorded one by one');
    writeDenied(Date.now(), `suppressed-${randomUUID()}`, { who: `suppressed:${count}` });
  };

  return (refusal) => {
    const now = Date.now();
    tokens = Math.min(perSecond, tokens + ((now - refilled) / 1000) * perSecond);
    refilled = now;
    if (tokens < 1) {
      suppressed++;
      reportTimer ??= setTimeout(report, 1000).unref();
      return;
    }
    tokens--;
    const r = typeof refusal === 'function' ? refusal() : refusal;
    writeDenied(now, r.requestId && REQUEST_ID.test(r.requestId) ? r.requestId : randomUUID(), r);
  };
}

const USCC_CANDIDATE = /(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Z])/g;

/**
 * The enterprises a refused request reached for: valid USCCs (check character and all) in its
 * text, at most `max`. Lets an enterprise see attempts on its data in its access record.
 */
export function usccsIn(text: string | undefined, max = 50): string[] {
  if (!text) return [];
  const out = new Set<string>();
  for (const m of text.toUpperCase().matchAll(USCC_CANDIDATE)) {
    if (checkUscc(m[0]).valid) out.add(m[0]);
    if (out.size >= max) break;
  }
  return [...out];
}
