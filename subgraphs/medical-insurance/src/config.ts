import { z } from 'zod';
import { DEV_CREDENTIALS } from '@district/domain';
import { departmentConfig, departmentVariables } from '@district/subgraph-kit';
import { env, loadConfig } from '@district/runtime';
import { CACHE_POLICIES } from './cache-policy.ts';

const DEV = DEV_CREDENTIALS.medicalInsurance;

/**
 * 医保 subgraph configuration. The sender code goes into every msgid (sender code +
 * yyyyMMddHHmmss + sequence, at most 30 characters), so it is kept short enough to leave room
 * for a sequence that stays unique per message.
 */
export const ConfigSchema = z.object({
  // MEDICAL_INSURANCE_PORT, _BACKEND_URL, _TIMEOUT_MS and _MAX_CONCURRENCY: the platform has no
  // batch lookup and a rate limit (200/s by default): with ~35 ms per call, 8 in flight stays well inside it.
  ...departmentVariables('MEDICAL_INSURANCE', { port: 4003, backendUrl: 'http://127.0.0.1:5003', timeoutMs: 3000, maxConcurrency: 8 }),
  /** 接收方系统代码 recer_sys_code: who we are on the 医保 platform. */
  MEDICAL_INSURANCE_SENDER_CODE: z
    .string()
    .regex(/^[0-9A-Za-z]{1,10}$/, 'must be 1–10 letters or digits (it prefixes every 30-character msgid)')
    .default(DEV.senderCode),
  /** 签名号 sign_no issued to us by the platform. */
  MEDICAL_INSURANCE_SIGN_NO: env.string(DEV.signNo),
});
export type MedicalInsuranceConfig = z.infer<typeof ConfigSchema>;

/** Reads and checks the configuration; production refuses the development credentials and an implicit backend. */
export function readConfig(e: NodeJS.ProcessEnv = process.env): MedicalInsuranceConfig {
  return loadConfig(ConfigSchema, e, (config, problem) => {
    if (config.NODE_ENV !== 'production') return;
    if (config.MEDICAL_INSURANCE_SENDER_CODE === DEV.senderCode) problem('MEDICAL_INSURANCE_SENDER_CODE: the development sender code is refused in production; set the one the 医保 platform issued');
    if (config.MEDICAL_INSURANCE_SIGN_NO === DEV.signNo) problem('MEDICAL_INSURANCE_SIGN_NO: the development sign number is refused in production; set the one the 医保 platform issued');
    if (!e.MEDICAL_INSURANCE_BACKEND_URL) problem('MEDICAL_INSURANCE_BACKEND_URL: is required in production: the default points at the local stand-in');
  });
}

/**
 * The subgraph's settings for the template: its own (above), the platform reads' under the
 * MEDICAL_INSURANCE_ prefix (cache, resilience, MEDICAL_INSURANCE_CACHE_POLICIES over
 * cache-policy.ts) and the signed context's.
 */
export const config = departmentConfig({ department: 'MEDICAL_INSURANCE', readConfig, cachePolicies: CACHE_POLICIES });

/** Every setting at once, nothing opened: `npm start`'s check reads it here, without loading the subgraph. */
export const checkConfig = config.check;
