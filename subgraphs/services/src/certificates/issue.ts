import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { badUserInput, conflict, forbidden, preconditionFailed, type Caller } from '@district/domain';
import { REQUEST_ID, type AccessOutcome, type AccessRecordInput } from '@district/audit';
import type { Logger } from '@district/runtime';
import type { DepartmentFacts } from '../departments/facts.ts';
import { appendOwn } from '../store/audit-append.ts';
import { certificateByCode, certificateByKey, certificateNumber, insertCertificate, nextCertificateSeq, type StoredCertificate } from '../store/certificates.ts';
import type { Db } from '../store/db.ts';
import { CERTIFICATES, CERTIFICATE_KINDS, judgeCertificate, type CertificateContent, type CertificateKind, type Period } from './kinds.ts';
import type { CertificateSigner } from './signing.ts';
import { assertAgentCovers, delegationOfRecord } from '../delegations/rules.ts';

/**
 * Issuing a certificate (开具证明): who may, the input, the issuing department's facts read now,
 * judged (kinds.ts), then numbered, dated, signed and stored with its verification code, once per
 * idempotency key. The read is on the access record whatever came of it; so is each verification.
 */

/** The signed document: everything the certificate states, exactly as stored and printed. */
export interface CertificateDocument extends CertificateContent {
  number: string;
  kind: CertificateKind;
  title: string;
  issuingDepartment: string;
  uscc: string;
  issuedAt: string;
  validUntil: string;
  verificationCode: string;
}

export interface CertificateSettings {
  signer: CertificateSigner;
  /** How long a certificate stays valid after it is issued (CERTIFICATE_VALID_DAYS). */
  validDays: number;
  /** The verification page the PDFs' QR code links to (CERTIFICATE_VERIFY_URL). */
  verifyUrl: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const InputSchema = z.object({
  kind: z.enum(CERTIFICATE_KINDS),
  uscc: z.string().trim().toUpperCase().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'must be an 18-character USCC'),
  period: z.object({ from: z.string().regex(MONTH, 'must be yyyy-MM'), to: z.string().regex(MONTH, 'must be yyyy-MM') })
    .refine((p) => p.from <= p.to, 'from must not be after to').nullish(),
  idempotencyKey: z.string().min(8).max(128),
});

/**
 * The enterprise itself (SELF_SERVICE), window staff acting for a purpose, or an agent (帮办代办)
 * under a delegation in effect that covers this kind, for its enterprise; anyone else FORBIDDEN.
 */
export function assertMayIssue(caller: Caller, uscc: string, kind?: string): void {
  if (caller.role === 'window-staff' && caller.purpose) return;
  if (caller.role === 'enterprise' && caller.purpose === 'SELF_SERVICE' && caller.uscc === uscc) return;
  if (caller.role === 'agent') return assertAgentCovers(caller, uscc, { certificateKind: String(kind) });
  throw forbidden('只有企业本身（SELF_SERVICE）或窗口人员（有事项编码）可以开具证明 — only the enterprise itself with purpose SELF_SERVICE, or window staff acting for a purpose, may issue a certificate');
}

/** 验证码: 16 characters of an alphabet without look-alikes (80 bits), grouped by four for printing. */
export function newVerificationCode(): string {
  const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

const normaliseCode = (code: string) => code.trim().toUpperCase();

function issueRecord(caller: Caller, kind: CertificateKind, uscc: string, requestId: string, at: string, outcome: AccessOutcome, number: string | null): AccessRecordInput {
  const spec = CERTIFICATES[kind];
  return {
    at, requestId,
    clientRequestId: REQUEST_ID.test(caller.requestId) ? caller.requestId : null,
    who: `certificate-issue:${caller.sub}`, role: caller.role, purpose: caller.purpose ?? null, caseId: number,
    departments: [spec.department], subjects: [uscc], fields: [...spec.fields], outcome, ...delegationOfRecord(caller),
  };
}

export const documentOf = (c: StoredCertificate): CertificateDocument => JSON.parse(c.document);

export async function issueCertificate(db: Db, caller: Caller, rawInput: unknown, facts: DepartmentFacts, settings: CertificateSettings, logger?: Logger): Promise<CertificateDocument> {
  const usccClaim = typeof (rawInput as any)?.uscc === 'string' ? (rawInput as any).uscc.trim().toUpperCase() : '';
  assertMayIssue(caller, usccClaim, (rawInput as any)?.kind);
  const parsed = InputSchema.safeParse(rawInput);
  if (!parsed.success) throw badUserInput(`证明申请有误 — the certificate request is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { kind, uscc, idempotencyKey } = parsed.data;
  const spec = CERTIFICATES[kind];
  if (spec.needsPeriod && !parsed.data.period) throw badUserInput(`${spec.title}需要所属期间 — a ${kind} certificate needs a period (from, to: yyyy-MM)`);
  const period: Period | null = spec.needsPeriod ? parsed.data.period! : null;

  // The same key answers with its certificate, unread and unsigned again.
  const existing = await certificateByKey(db, idempotencyKey);
  if (existing) return sameRequest(existing, kind, uscc, period);

  const requestId = randomUUID();
  const at = new Date();
  let entity: Record<string, any>;
  try {
    entity = await facts.enterprise(spec.department, uscc, spec.selection, requestId);
  } catch (error) {
    // The department could not be read (DepartmentsUnavailableError) or answered badly: our failure, not the caller's.
    await appendOwn(db, [issueRecord(caller, kind, uscc, requestId, at.toISOString(), 'ERROR', null)], logger, { kind });
    throw error;
  }
  const judgement = judgeCertificate(kind, entity, period);
  if (!judgement.ok) {
    await appendOwn(db, [issueRecord(caller, kind, uscc, requestId, at.toISOString(), 'INVALID', null)], logger, { kind });
    const reasons = judgement.refusals.map((r) => r.reason);
    throw preconditionFailed(`不能开具${spec.title} — the ${kind} certificate cannot be issued: ${reasons.join('; ')}`, reasons, { kind, blockers: judgement.refusals });
  }

  const number = certificateNumber(await nextCertificateSeq(db), at);
  const document: CertificateDocument = {
    number, kind, title: spec.title, issuingDepartment: spec.department, uscc, ...judgement.content,
    issuedAt: at.toISOString(), validUntil: new Date(at.getTime() + settings.validDays * 86_400_000).toISOString(), verificationCode: newVerificationCode(),
  };
  const text = JSON.stringify(document);
  const stored: StoredCertificate = {
    number, kind, uscc, idempotencyKey, verificationCode: document.verificationCode, document: text,
    signature: settings.signer.sign(text), keyId: settings.signer.keyId, issuedAt: document.issuedAt, validUntil: document.validUntil, revokedAt: null,
  };
  const inserted = await insertCertificate(db, { ...stored, issuerSub: caller.sub, issuerRole: caller.role }, [issueRecord(caller, kind, uscc, requestId, document.issuedAt, 'OK', number)], logger);
  if (!inserted) return sameRequest((await certificateByKey(db, idempotencyKey))!, kind, uscc, period);
  logger?.info({ certificate: number, kind }, 'certificate issued');
  return document;
}

function sameRequest(existing: StoredCertificate, kind: CertificateKind, uscc: string, period: Period | null): CertificateDocument {
  const doc = documentOf(existing);
  if (doc.kind !== kind || doc.uscc !== uscc || JSON.stringify(doc.period) !== JSON.stringify(period)) {
    throw conflict('该幂等键已用于另一份证明申请 — this idempotencyKey was already used for a different certificate request');
  }
  return doc;
}

export type CertificateStatus = 'VALID' | 'EXPIRED' | 'REVOKED' | 'INVALID' | 'NOT_FOUND';

export interface Verification {
  status: CertificateStatus;
  genuine: boolean;
  number: string | null;
  kind: CertificateKind | null;
  title: string | null;
  issuingDepartment: string | null;
  issuedAt: string | null;
  validUntil: string | null;
}

/**
 * Whether the stored document is the one signed, under the current key, and agrees with its row
 * (number, code, kind, enterprise): a changed byte, a swapped document or another key fails.
 */
export function isGenuine(c: StoredCertificate, signer: CertificateSigner): boolean {
  if (c.keyId !== signer.keyId || !signer.verify(c.document, c.signature)) return false;
  try {
    const d = documentOf(c);
    return d.number === c.number && d.verificationCode === c.verificationCode && d.kind === c.kind && d.uscc === c.uscc;
  } catch {
    return false;
  }
}

/**
 * 证明核验: answers for any caller with a token whether the certificate with this code is genuine and
 * still valid. Nothing of the enterprise is answered (no name, no USCC, no figures): only what the
 * paper in hand can be compared with.
 */
export async function verifyCertificate(db: Db, caller: Caller, code: string, signer: CertificateSigner, logger?: Logger, now = new Date()): Promise<Verification> {
  const c = await certificateByCode(db, normaliseCode(code));
  const none: Verification = { status: 'NOT_FOUND', genuine: false, number: null, kind: null, title: null, issuingDepartment: null, issuedAt: null, validUntil: null };
  if (!c) return none;
  const genuine = isGenuine(c, signer);
  const status: CertificateStatus = !genuine ? 'INVALID' : c.revokedAt ? 'REVOKED' : now.toISOString() > c.validUntil ? 'EXPIRED' : 'VALID';
  await appendOwn(db, [{
    at: now.toISOString(), requestId: randomUUID(), clientRequestId: REQUEST_ID.test(caller.requestId) ? caller.requestId : null,
    who: `certificate-verify:${caller.sub}`, role: caller.role, purpose: caller.purpose ?? null, caseId: c.number,
    departments: [], subjects: [c.uscc], fields: ['Query.verifyCertificate'], outcome: 'OK',
  }], logger, { certificate: c.number });
  if (!genuine) return { ...none, status };
  return {
    status, genuine, number: c.number, kind: c.kind as CertificateKind, title: CERTIFICATES[c.kind as CertificateKind].title,
    issuingDepartment: CERTIFICATES[c.kind as CertificateKind].department, issuedAt: c.issuedAt, validUntil: c.validUntil,
  };
}
