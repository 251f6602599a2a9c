import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEV_CERTIFICATE_KEY, createCertificateSigner } from './signing.ts';
import { readCertificateSettings } from './settings.ts';

const VERIFY = 'https://zwfw.district.example/certificates/verify';
const ownKey = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');

describe('certificate settings and signing', () => {
  it('uses the development key outside production, and refuses it (or none) in production', () => {
    expect(readCertificateSettings({ NODE_ENV: 'development' }).signer.keyId).toBe(createCertificateSigner(DEV_CERTIFICATE_KEY).keyId);
    expect(() => readCertificateSettings({ NODE_ENV: 'production' })).toThrow(/CERTIFICATE_SIGNING_KEY: is required in production and must not be the development key/);
    expect(() => readCertificateSettings({ NODE_ENV: 'production', CERTIFICATE_SIGNING_KEY: DEV_CERTIFICATE_KEY })).toThrow(/must not be the development key/);
    expect(readCertificateSettings({ NODE_ENV: 'production', CERTIFICATE_SIGNING_KEY: ownKey(), CERTIFICATE_VERIFY_URL: VERIFY }).signer.keyId).not.toBe(createCertificateSigner().keyId);
  });

  it('prints the localhost page outside production, and wants the district\'s https page in production', () => {
    expect(readCertificateSettings({ NODE_ENV: 'development' }).verifyUrl).toBe('http://localhost:4000/certificates/verify');
    for (const url of [undefined, 'http://verify.district.example/c']) {
      expect(() => readCertificateSettings({ NODE_ENV: 'production', CERTIFICATE_SIGNING_KEY: ownKey(), CERTIFICATE_VERIFY_URL: url })).toThrow(/CERTIFICATE_VERIFY_URL: is required in production, an https address/);
    }
    expect(readCertificateSettings({ NODE_ENV: 'production', CERTIFICATE_SIGNING_KEY: ownKey(), CERTIFICATE_VERIFY_URL: VERIFY }).verifyUrl).toBe(VERIFY);
  });

  it('takes PEM too, and refuses a key that is not Ed25519 with a reason', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(readCertificateSettings({ CERTIFICATE_SIGNING_KEY: pem }).signer.keyId).toMatch(/^[0-9a-f]{16}$/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => readCertificateSettings({ CERTIFICATE_SIGNING_KEY: rsa })).toThrow(/CERTIFICATE_SIGNING_KEY: is not an Ed25519 private key.*not rsa/);
  });

  it('verifies exactly the signed text, under the same key only', () => {
    const signer = createCertificateSigner(ownKey());
    const signature = signer.sign('{"number":"LS-ZM-20261101-000001"}');
    expect(signer.verify('{"number":"LS-ZM-20261101-000001"}', signature)).toBe(true);
    expect(signer.verify('{"number":"LS-ZM-20261101-000002"}', signature)).toBe(false);
    expect(createCertificateSigner().verify('{"number":"LS-ZM-20261101-000001"}', signature)).toBe(false);
    expect(signer.verify('x', 'not base64 at all')).toBe(false);
  });
});
