import { z } from 'zod';
import { env, loadConfig, production, shownDefault } from '@district/runtime';
import { DEV_CERTIFICATE_KEY, createCertificateSigner, parseSigningKey } from './signing.ts';
import type { CertificateSettings } from './issue.ts';

/** Where the QR code of a certificate printed outside production points. */
export const DEV_VERIFY_URL = 'http://localhost:4000/certificates/verify';

/**
 * The certificates' settings: services' own (the bundle worker signs nothing and needs none). In
 * production the signing key is required and may not be the development key, which is public, and
 * the verification page must be named: every printed certificate carries it as its QR code, and a
 * localhost address on paper cannot be taken back.
 */
export const CertificateSettingsSchema = z.object({
  CERTIFICATE_SIGNING_KEY: env.optionalString()
    .describe('Ed25519 private key that signs certificates (证明): PEM, or base64 PKCS#8 DER; unset = the development key, refused in production').meta(production('required, not the development key')),
  CERTIFICATE_VERIFY_URL: z.string().url().optional()
    .describe("The district's verification page printed as the QR code on each certificate PDF, with ?code=<verification code> added; the page answers with verifyCertificate(code)")
    .meta(production('required, https')).meta(shownDefault(DEV_VERIFY_URL)),
  CERTIFICATE_VALID_DAYS: z.coerce.number().int().min(1).max(3650).default(30).describe('Days a certificate (证明) stays valid after it is issued; verification then answers EXPIRED'),
});

export function readCertificateSettings(e: NodeJS.ProcessEnv = process.env): CertificateSettings {
  const config = loadConfig(CertificateSettingsSchema, e, (c, problem) => {
    if (e.NODE_ENV === 'production' && (!c.CERTIFICATE_SIGNING_KEY || c.CERTIFICATE_SIGNING_KEY === DEV_CERTIFICATE_KEY)) {
      problem('CERTIFICATE_SIGNING_KEY: is required in production and must not be the development key (anyone can sign with it)');
    }
    if (e.NODE_ENV === 'production' && !c.CERTIFICATE_VERIFY_URL?.startsWith('https://')) {
      problem("CERTIFICATE_VERIFY_URL: is required in production, an https address: the district's verification page, printed as the QR code on every certificate");
    }
    if (c.CERTIFICATE_SIGNING_KEY) {
      try {
        parseSigningKey(c.CERTIFICATE_SIGNING_KEY);
      } catch (error) {
        problem(`CERTIFICATE_SIGNING_KEY: is not an Ed25519 private key (PEM or base64 PKCS#8 DER): ${(error as Error).message}`);
      }
    }
  });
  return { signer: createCertificateSigner(config.CERTIFICATE_SIGNING_KEY), validDays: config.CERTIFICATE_VALID_DAYS, verifyUrl: config.CERTIFICATE_VERIFY_URL ?? DEV_VERIFY_URL };
}
