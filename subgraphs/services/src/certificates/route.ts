import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { REQUEST_ID, UNAUTHENTICATED } from '@district/audit';
import type { Caller } from '@district/domain';
import { CONTEXT_HEADER, verifyContext, writeJsonError, type ContextVerification, type Logger } from '@district/runtime';
import type { SubgraphRoutes } from '@district/subgraph-kit';
import { appendOwn } from '../store/audit-append.ts';
import { certificateByCode } from '../store/certificates.ts';
import type { Db } from '../store/db.ts';
import { documentOf, isGenuine, type CertificateSettings } from './issue.ts';
import { certificatePdf } from './pdf.ts';

/**
 * GET /certificates/<verification code>/pdf on services: the certificate as a PDF for a terminal to
 * print. Callers reach it through the gateway's same path (gateway/src/certificate-pdf-route.ts),
 * which checks their token and signs them into the call like any subgraph call; here the signed
 * context is required (unless SUBGRAPH_VERIFY_CONTEXT=false, benchmarks only), so the subgraph's
 * own port serves nobody but the gateway. The code is the key (80 random bits, printed on the paper
 * and in its QR code): any caller with a token who holds the certificate may print it again, as
 * verifyCertificate is open to any caller with a token; nobody can guess another's code. Only a
 * certificate still VALID is printed; one revoked, expired or failing its signature is refused
 * (410), an unknown code is 404. Each print is on the access record of the enterprise, under the
 * caller (a terminal's frontend-app token: `certificate-pdf:<sub>`).
 */
const PATH = /^\/certificates\/([0-9A-Za-z-]{1,32})\/pdf$/;

export function certificateRoutes(db: Db, settings: CertificateSettings, verification: ContextVerification, logger?: Logger): SubgraphRoutes {
  return async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const match = PATH.exec((req.url ?? '/').split('?')[0]);
    if (!match) return null;
    const route = '/certificates/:code/pdf';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      writeJsonError(res, 405, 'only GET serves a certificate PDF', { code: 'BAD_REQUEST' }, { allow: 'GET, HEAD' });
      return route;
    }
    let caller: Caller | null = null;
    if (verification.verify) {
      try {
        const header = req.headers[CONTEXT_HEADER];
        caller = await verifyContext(typeof header === 'string' ? header : undefined, verification.key, { maxAgeMs: verification.maxAgeMs });
      } catch {
        writeJsonError(res, 401, 'the certificate PDF is served through the gateway, with a bearer token: GET /certificates/<code>/pdf there', { code: 'UNAUTHENTICATED' });
        return route;
      }
    }
    const c = await certificateByCode(db, match[1].toUpperCase());
    if (!c) {
      writeJsonError(res, 404, '没有该验证码的证明 — no certificate carries this verification code', { code: 'NOT_FOUND' });
      return route;
    }
    const now = new Date().toISOString();
    const why = !isGenuine(c, settings.signer) ? '证明未通过签名核验 — the certificate fails its signature check'
      : c.revokedAt ? '证明已撤销 — the certificate has been revoked'
      : now > c.validUntil ? '证明已过期 — the certificate has expired' : null;
    if (why) {
      writeJsonError(res, 410, why, { code: 'PRECONDITION_FAILED', reasons: [why] });
      return route;
    }
    const pdf = await certificatePdf(documentOf(c), settings.verifyUrl);
    await appendOwn(db, [{
      at: now, requestId: randomUUID(), clientRequestId: caller && REQUEST_ID.test(caller.requestId) ? caller.requestId : null,
      who: caller ? `certificate-pdf:${caller.sub}` : 'certificate-pdf', role: caller?.role ?? UNAUTHENTICATED, purpose: caller?.purpose ?? null, caseId: c.number,
      departments: [], subjects: [c.uscc], fields: ['Certificate.pdfPath'], outcome: 'OK',
    }], logger, { certificate: c.number });
    res.writeHead(200, {
      'content-type': 'application/pdf', 'content-length': pdf.length, 'cache-control': 'no-store',
      'content-disposition': `inline; filename="${c.number}.pdf"`,
    });
    res.end(req.method === 'HEAD' ? undefined : pdf);
    return route;
  };
}
