import { z } from 'zod';
import { isValidIdCard } from '@district/domain';
import { CURRENCY, ESTABLISHABLE_TYPES, INDUSTRY_SECTIONS, JURISDICTION_PREFIX } from './codes.ts';
import { refuse } from './envelope.ts';

/**
 * Request bodies of the write endpoints. Field names are the read record's own (entName, dom,
 * lerep, regCap ...), so an adapter maps one vocabulary both ways. Unknown fields are refused:
 * a misspelt field silently ignored would register something the caller did not ask for.
 */

const name = z.string().trim().min(2, 'must be 2–100 characters').max(100, 'must be 2–100 characters');
const dom = z.string().trim().max(200, 'must be at most 200 characters').refine((v) => v.startsWith(JURISDICTION_PREFIX), {
  error: `must be in this authority's jurisdiction and start with "${JURISDICTION_PREFIX}" (moving elsewhere is a 迁移, not handled here)`,
});
/** 注册资本 in 万元: a positive decimal with at most 6 places, as a string or number. */
const regCap = z.union([z.string(), z.number()]).transform((v, c) => {
  const s = String(v).trim();
  if (!/^\d{1,12}(\.\d{1,6})?$/.test(s) || Number(s) <= 0) {
    c.addIssue({ code: 'custom', message: `must be a positive amount in 万元 with at most 6 decimals, got "${s}"` });
    return z.NEVER;
  }
  return Number(s);
});
const lerep = z.string().trim().min(2, 'must be 2–30 characters').max(30, 'must be 2–30 characters');
const lerepCerNo = z.string().trim().refine(isValidIdCard, { error: 'is not a valid 居民身份证号 (GB 11643: shape, birth date or check character wrong)' });
const lerepTel = z.string().trim().regex(/^1\d{10}$/, 'must be an 11-digit mobile number');
const opScope = z.string().trim().min(2, 'must be 2–2000 characters').max(2000, 'must be 2–2000 characters');

export const EstablishmentSchema = z.strictObject({
  entName: name,
  entType: z.string().refine((v) => ESTABLISHABLE_TYPES.includes(v), { error: `must be a 企业类型 code this registry handles: ${ESTABLISHABLE_TYPES.join(', ')}` }),
  regCap: regCap.optional(),
  regCapCur: z.enum(Object.values(CURRENCY).map((c) => c.code) as [string, ...string[]]).default('156'),
  dom,
  lerep,
  lerepCerNo,
  lerepTel: lerepTel.optional(),
  opScope,
  opTo: z.iso.date().nullable().optional(),
  industryPhy: z.string().refine((v) => v in INDUSTRY_SECTIONS, { error: 'must be a GB/T 4754 section letter A–T' }).optional(),
  /** 从业人数 declared at registration. */
  empNum: z.number().int().min(0).max(1_000_000).optional(),
  /** 隶属企业: required for a 分公司 (2xxx), refused otherwise. */
  parentUniscId: z.string().optional(),
});
export type EstablishmentRequest = z.infer<typeof EstablishmentSchema>;

export const ChangeSchema = z
  .strictObject({ entName: name.optional(), dom: dom.optional(), lerep: lerep.optional(), lerepCerNo: lerepCerNo.optional(), lerepTel: lerepTel.optional(), regCap: regCap.optional(), opScope: opScope.optional() })
  .refine((v) => Object.keys(v).length > 0, { error: 'name at least one item to change: entName, dom, lerep (+ lerepCerNo), regCap, opScope' })
  .refine((v) => (v.lerep === undefined) === (v.lerepCerNo === undefined), { error: 'lerep and lerepCerNo change together (a new 法定代表人 needs both)' })
  .refine((v) => v.lerepTel === undefined || v.lerep !== undefined, { error: 'lerepTel is not a registration item on its own; send it with a new lerep' });
export type ChangeRequest = z.infer<typeof ChangeSchema>;

export const DeregistrationSchema = z.strictObject({
  /** 简易注销 (SIMPLE) or 一般注销 (GENERAL). */
  canType: z.enum(['SIMPLE', 'GENERAL'], { error: 'must be "SIMPLE" (简易注销) or "GENERAL" (一般注销)' }),
  /** 清税证明 (税务事项通知书) number; required on the general path. */
  taxClearanceNo: z.string().trim().min(1).max(64).optional(),
  /** 注销原因, free text. */
  canRea: z.string().trim().max(200).optional(),
});
export type DeregistrationRequest = z.infer<typeof DeregistrationSchema>;

/** Parses with a schema, refusing with E2001 that names every offending field. */
export function validate<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    refuse('E2001', parsed.error.issues.map((i) => {
      const where = i.path.join('.');
      const msg = i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message;
      return where ? `${where} ${msg}` : msg;
    }).join('; '));
  }
  return parsed.data as z.infer<T>;
}
