import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { badUserInput, conflict, DEPARTMENT_LABELS, forbidden, type Caller } from '@district/domain';
import { REQUEST_ID } from '@district/audit';
import type { Logger } from '@district/runtime';
import { certificateByNumber, revocationByKey, revocationOf, revokeCertificate as storeRevocation, type Revocation } from '../store/certificates.ts';
import type { Db } from '../store/db.ts';
import { CERTIFICATES, type CertificateKind } from './kinds.ts';

/**
 * 撤销证明: withdrawing a certificate that should not stand (issued in error, facts corrected since).
 * A certificate is the issuing department's statement, and responsibility follows whoever handles
 * it (谁经手、谁负责, domain.md §5.1): so the issuing department's officer (role department-officer
 * of that department, purpose DEPARTMENT_CASE) may withdraw it, and so may the 综合窗口 that hands
 * certificates out (window staff acting for a purpose). The enterprise may not withdraw a
 * department's statement about it, nor may anyone else. A reason is required and kept; the
 * revocation is on the enterprise's access record. Verification then answers REVOKED, and the PDF
 * no longer prints.
 */

const InputSchema = z.object({
  number: z.string().trim().regex(/^LS-ZM-\d{8}-\d{6}$/, 'must be a certificate number, e.g. LS-ZM-20261101-000001'),
  reason: z.string().trim().min(2, 'must say why (at least 2 characters)').max(500, 'must be at most 500 characters'),
  idempotencyKey: z.string().min(8).max(128),
});

export function assertMayRevoke(caller: Caller, kind: CertificateKind): void {
  if (caller.role === 'window-staff' && caller.purpose) return;
  const department = CERTIFICATES[kind].department;
  if (caller.role === 'department-officer' && caller.department === department && caller.purpose === 'DEPARTMENT_CASE') return;
  throw forbidden(`只有出具部门（${DEPARTMENT_LABELS[department]}）的工作人员（DEPARTMENT_CASE）或窗口人员（有事项编码）可以撤销该证明 — only an officer of the issuing department (${department}, purpose DEPARTMENT_CASE) or window staff acting for a purpose may revoke this certificate`);
}

export interface RevocationResult {
  number: string;
  status: 'REVOKED';
  revokedAt: string;
  reason: string;
}

const result = (r: Revocation): RevocationResult => ({ number: r.number, status: 'REVOKED', revokedAt: r.revokedAt, reason: r.reason });

export async function revokeCertificate(db: Db, caller: Caller, rawInput: unknown, logger?: Logger): Promise<RevocationResult> {
  const parsed = InputSchema.safeParse(rawInput);
  if (!parsed.success) throw badUserInput(`撤销申请有误 — the revocation request is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { number, reason, idempotencyKey } = parsed.data;
  const c = await certificateByNumber(db, number);
  // Whether a number exists is told only to those who may revoke some certificate: the check below comes first for everyone else.
  if (!c) {
    if (caller.role !== 'window-staff' && caller.role !== 'department-officer') assertMayRevoke(caller, 'TAX_PAYMENT');
    throw badUserInput(`没有编号为 ${number} 的证明 — there is no certificate numbered ${number}`, { field: 'number' });
  }
  assertMayRevoke(caller, c.kind as CertificateKind);

  // The same key answers with its revocation again; the key on another certificate is a conflict.
  const byKey = await revocationByKey(db, idempotencyKey);
  if (byKey) {
    if (byKey.number !== number || byKey.reason !== reason) throw conflict('该幂等键已用于另一次撤销 — this idempotencyKey was already used for a different revocation');
    return result(byKey);
  }
  const at = new Date();
  const stored = await storeRevocation(db, { number, reason, revokedBySub: caller.sub, revokedByRole: caller.role, idempotencyKey, at }, [{
    at: at.toISOString(), requestId: randomUUID(), clientRequestId: REQUEST_ID.test(caller.requestId) ? caller.requestId : null,
    who: `certificate-revoke:${caller.sub}`, role: caller.role, purpose: caller.purpose ?? null, caseId: number,
    departments: [], subjects: [c.uscc], fields: ['Mutation.revokeCertificate'], outcome: 'OK',
  }], logger);
  if (stored) {
    logger?.info({ certificate: number }, 'certificate revoked');
    return result(stored);
  }
  const again = await revocationByKey(db, idempotencyKey);
  if (again?.number === number && again.reason === reason) return result(again);
  const earlier = await revocationOf(db, number);
  throw conflict(`该证明已于 ${earlier?.revokedAt ?? c.revokedAt} 撤销 — the certificate was already revoked at ${earlier?.revokedAt ?? c.revokedAt}`, { revokedAt: earlier?.revokedAt ?? c.revokedAt });
}
