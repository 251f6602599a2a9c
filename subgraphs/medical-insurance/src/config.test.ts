import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_CREDENTIALS } from '@district/common';
import { readMedicalInsuranceConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to port 4003, the local stand-in, the development credentials, 3 s and 8 calls in flight', () => {
    expect(readMedicalInsuranceConfig({})).toEqual({
      NODE_ENV: 'development', MEDICAL_INSURANCE_PORT: 4003, MEDICAL_INSURANCE_BACKEND_URL: 'http://127.0.0.1:5003',
      MEDICAL_INSURANCE_SENDER_CODE: DEV_CREDENTIALS.medicalInsurance.senderCode, MEDICAL_INSURANCE_SIGN_NO: DEV_CREDENTIALS.medicalInsurance.signNo,
      MEDICAL_INSURANCE_TIMEOUT_MS: 3000, MEDICAL_INSURANCE_MAX_CONCURRENCY: 8,
    });
  });

  it('refuses to start in production with the development credentials or an implicit backend, naming each variable', () => {
    expect(() => readMedicalInsuranceConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => readMedicalInsuranceConfig({ NODE_ENV: 'production' })).toThrow(/MEDICAL_INSURANCE_SENDER_CODE[\s\S]*MEDICAL_INSURANCE_SIGN_NO[\s\S]*MEDICAL_INSURANCE_BACKEND_URL/);
    const own = { NODE_ENV: 'production', MEDICAL_INSURANCE_SENDER_CODE: 'LSPROD', MEDICAL_INSURANCE_SIGN_NO: 's3cret', MEDICAL_INSURANCE_BACKEND_URL: 'http://fsi.internal:8080' };
    expect(readMedicalInsuranceConfig(own)).toMatchObject({ MEDICAL_INSURANCE_SENDER_CODE: 'LSPROD', MEDICAL_INSURANCE_BACKEND_URL: 'http://fsi.internal:8080' });
  });

  it('refuses malformed values at start-up, naming the variable', () => {
    expect(() => readMedicalInsuranceConfig({ MEDICAL_INSURANCE_MAX_CONCURRENCY: '0' })).toThrow(/MEDICAL_INSURANCE_MAX_CONCURRENCY/);
    expect(() => readMedicalInsuranceConfig({ MEDICAL_INSURANCE_TIMEOUT_MS: 'soon' })).toThrow(/MEDICAL_INSURANCE_TIMEOUT_MS/);
    expect(() => readMedicalInsuranceConfig({ MEDICAL_INSURANCE_SENDER_CODE: 'A-VERY-LONG-CODE' })).toThrow(/MEDICAL_INSURANCE_SENDER_CODE/);
    expect(() => readMedicalInsuranceConfig({ MEDICAL_INSURANCE_BACKEND_URL: 'not a url' })).toThrow(/MEDICAL_INSURANCE_BACKEND_URL/);
  });
});
