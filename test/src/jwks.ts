import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

/**
 * A JSON Web Key Set on a loopback port, as an identity provider would publish it: one RS256 key
 * named `kid`. The whole-stack tests and the bench's deployed row set (bench/src/deployment.ts) use it.
 */
export async function startJwks(kid = 'k1') {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  const sign = (claims: Record<string, unknown>, key = privateKey) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setIssuer('https://idp.example').setAudience('district-graph').setIssuedAt().setExpirationTime('10m').sign(key);
  return { url, sign, privateKey, close: () => new Promise<void>((r) => server.close(() => r())) };
}

