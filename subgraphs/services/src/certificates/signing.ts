import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The certificates' signature: Ed25519 (node:crypto) over the exact bytes of the stored document
 * (its JSON text), so nothing needs canonicalising and any change to a stored byte fails. The key is
 * CERTIFICATE_SIGNING_KEY (config.ts); outside production a development key stands in, refused in
 * production.
 */

/**
 * The development signing key (PKCS#8 DER, base64): public, so certificates signed with it prove
 * nothing; config.ts refuses it in production.
 */
export const DEV_CERTIFICATE_KEY = 'MC4CAQAwBQYDK2VwBCIEIKo63GYTGzWqGIiAXSKP4Hgsdam6/bJ8cqkgsqSmTaf1';

export interface CertificateSigner {
  /** Short id of the public key (hex of its SHA-256), stored with each signature. */
  keyId: string;
  sign(document: string): string;
  /** True when `signature` is this key's over exactly `document`. */
  verify(document: string, signature: string): boolean;
}

/** A PEM (-----BEGIN PRIVATE KEY-----) or base64 PKCS#8 DER Ed25519 private key. */
export function parseSigningKey(text: string): KeyObject {
  const key = text.includes('-----BEGIN')
    ? createPrivateKey(text)
    : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`must be an Ed25519 private key, not ${key.asymmetricKeyType}`);
  return key;
}

export function createCertificateSigner(keyText: string = DEV_CERTIFICATE_KEY): CertificateSigner {
  const privateKey = parseSigningKey(keyText);
  const publicKey = createPublicKey(privateKey);
  const keyId = createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
  return {
    keyId,
    sign: (document) => sign(null, Buffer.from(document, 'utf8'), privateKey).toString('base64'),
    verify: (document, signature) => {
      try {
        return verify(null, Buffer.from(document, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}
