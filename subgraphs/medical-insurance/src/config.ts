import { z } from 'zod';
import { DEV_CREDENTIALS } from '@district/domain';
import { checkDepartmentSubgraphConfig } from '@district/department-access';
import { env, loadConfig } from '@district/runtime';
import { CACHE_POLICIES } from './cache-policy.ts';

const DEV = DEV_CREDENTIALS.medicalInsurance;

/**
 * 医保 subgraph configuration. The sender code goes into every msgid (sender code +
 * yyyyMMddHHmmss + sequence, at most 30 characters), so it is kept short enough to leave room
 * for a sequence that stays unique per message.
 */
export const MedicalInsuranceConfigSchema = z.object({
  NODE_ENV: env.mode(),
  MEDICAL_INSURANCE_PORT: env.partPort('medical-insurance'),
  MEDICAL_INSURANCE_BACKEND_URL: env.partUrl('medical-insurance-backend'),
  /** 接收方系统代码 recer_sys_code: who we are on the 医保 platform. */
  MEDICAL_INSURANCE_SENDER_CODE: z
    .string()
    .regex(/^[0-9A-Za-z]{1,10}$/, 'must be 1–10 letters or digits (it prefixes every 30-character msgid)')
    .default(DEV.senderCode),
  /** 签名号 sign_no issued to us by the platform. */
  MEDICAL_INSURANCE_SIGN_NO: env.string(DEV.signNo),
  /** Whole-call budget per backend call, milliseconds. */
  MEDICAL_INSURANCE_TIMEOUT_MS: env.int(3000, 1),
  /**
   * Calls in flight to the backend, process-wide. The platform has no batch lookup and a rate
   * limit (200/s by default): with ~35 ms per call, 8 in flight stays well inside it.
   */
  MEDICAL_INSURANCE_MAX_CONCURRENCY: env.int(8, 1),
});
export type MedicalInsuranceConfig = z.infer<typeof MedicalInsuranceConfigSchema>;

/** Reads and checks the configuration; production refuses the development credentials and an implicit backend. */
export function readMedicalInsuranceConfig(e: NodeJS.ProcessEnv = process.env): MedicalInsuranceConfig {
  return loadConfig(MedicalInsuranceConfigSchema, e, (config, problem) => {
    if (config.NODE_ENV !== 'production') return;
    if (config.MEDICAL_INSURANCE_SENDER_CODE === DEV.senderCode) problem('MEDICAL_INSURANCE_SENDER_CODE: the development sender code is refused in production; set the one the 医保 platform issued');
    if (config.MEDICAL_INSURANCE_SIGN_NO === DEV.signNo) problem('MEDICAL_INSURANCE_SIGN_NO: the development sign number is refused in production; set the one the 医保 platform issued');
    if (!e.MEDICAL_INSURANCE_BACKEND_URL) problem('MEDICAL_INSURANCE_BACKEND_URL: is required in production: the default points at the local stand-in');
  });
}

/** Every setting of the subgraph at once, nothing opened (start-up, `npm start`'s check). */
export function checkConfig(e: NodeJS.ProcessEnv): void {
  checkDepartmentSubgraphConfig(e, { readOwn: readMedicalInsuranceConfig, prefix: 'MEDICAL_INSURANCE', policies: { ...CACHE_POLICIES } });
}
