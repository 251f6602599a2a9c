import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { UNAUTHENTICATED } from '@district/audit';
import { writeJsonError, type Logger } from '@district/runtime';
import type { SubgraphRoutes } from '@district/subgraph-kit';
import { appendOwn } from '../store/audit-append.ts';
import { certificateByCode } from '../store/certificates.ts';
import type { Db } from '../store/db.ts';
import { documentOf, isGenuine, type CertificateSettings } from './issue.ts';
import { certificatePdf } from './pdf.ts';

/**
 * GET /certificates/<verification code>/pdf on services: the certificate as a PDF for a terminal to
 * print. The code is the key (80 random bits, printed on the paper and in its QR code): whoever holds
 * the certificate may print it again, nobody can guess another's. Only a certificate still VALID is
 * printed; one revoked, expired or failing its signature is refused (410), an unknown code is 404.
 * Each print is on the access record of the enterprise.
 */
const PATH = /^\/certificates\/([0-9A-Za-z-]{1,32})\/pdf$/;

export function certificateRoutes(db: Db, settings: CertificateSettings, logger?: Logger): SubgraphRoutes {
  return async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const match = PATH.exec((req.url ?? '/').split('?')[0]);
    if (!match) return null;
    const route = '/certificates/:code/pdf';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      writeJsonError(res, 405, 'only GET serves a certificate PDF', { code: 'BAD_REQUEST' }, { allow: 'GET, HEAD' });
      return route;
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
      at: now, requestId: randomUUID(), who: 'certificate-pdf', role: UNAUTHENTICATED, caseId: c.number,
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
