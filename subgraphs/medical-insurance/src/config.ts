import { z } from 'zod';
import { DEV_CREDENTIALS } from '@district/domain';
import { departmentConfig } from '@district/subgraph-kit';
import { CACHE_POLICIES } from './cache-policy.ts';

const DEV = DEV_CREDENTIALS.medicalInsurance;

/**
 * The 医保 subgraph's settings (packages/subgraph-kit/src/department-config.ts):
 * MEDICAL_INSURANCE_PORT, _BACKEND_URL, _TIMEOUT_MS, _MAX_CONCURRENCY, the credentials below, and
 * the platform reads' under the MEDICAL_INSURANCE_ prefix (cache, resilience,
 * MEDICAL_INSURANCE_CACHE_POLICIES over cache-policy.ts).
 */
export const config = departmentConfig({
  department: 'MEDICAL_INSURANCE',
  // No batch lookup and a rate limit (200/s by default): with ~35 ms per call, 8 in flight stays well inside it.
  defaults: { timeoutMs: 3000, maxConcurrency: 8 },
  credentials: {
    /**
     * 接收方系统代码 recer_sys_code: who we are on the 医保 platform. It goes into every msgid (sender
     * code + yyyyMMddHHmmss + sequence, at most 30 characters), so it is kept short enough to leave
     * room for a sequence that stays unique per message.
     */
    MEDICAL_INSURANCE_SENDER_CODE: {
      meaning: '接收方系统代码 (recer_sys_code): who we are on the 医保 platform; 1–10 letters or digits, it prefixes every msgid',
      development: DEV.senderCode,
      refusal: 'the development sender code is refused in production; set the one the 医保 platform issued',
      field: z.string().regex(/^[0-9A-Za-z]{1,10}$/, 'must be 1–10 letters or digits (it prefixes every 30-character msgid)').default(DEV.senderCode),
    },
    MEDICAL_INSURANCE_SIGN_NO: { meaning: '签名号 (sign_no) the 医保 platform issued to us', development: DEV.signNo, refusal: 'the development sign number is refused in production; set the one the 医保 platform issued' },
  },
  backendUrlRequired: true,
  checks(config, problem, env) {
    if (config.NODE_ENV === 'production' && !env.MEDICAL_INSURANCE_BACKEND_URL) problem('MEDICAL_INSURANCE_BACKEND_URL: is required in production: the default points at the local stand-in');
  },
  cachePolicies: CACHE_POLICIES,
});
export type MedicalInsuranceConfig = ReturnType<typeof config.readConfig>;

/** The subgraph's own settings; every setting at once, nothing opened (`npm start`'s check reads it here). */
export const { readConfig, check: checkConfig } = config;
