import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { CONTEXT_HEADER, createContextSigner, writeJsonError, type Logger } from '@district/runtime';
import { AuthFailure, type Authenticate } from './auth/index.ts';
import { rateLimitedBody, type RateLimiter } from './rate-limit.ts';

/**
 * GET /certificates/<verification code>/pdf on the gateway's public port: a certificate as a PDF
 * for a self-service terminal (自助终端) to print for the enterprise in front of it. The terminal
 * already holds a token (it verifies with it: verifyCertificate), so printing goes the way every
 * other call goes — the bearer token checked here, the caller's rate limit spent, the caller signed
 * into the call to services — and services records the print under the caller. Whoever holds the
 * paper's verification code may print it again (the code is the key, as for verification); a
 * caller without a token gets 401 before services is asked.
 */
export const CERTIFICATE_PDF_PATH = /^\/certificates\/([0-9A-Za-z-]{1,32})\/pdf$/;
/** The subgraph that keeps certificates. */
export const CERTIFICATE_SUBGRAPH = 'services';
/** The route's name in the metrics: the code stays out of every label. */
const ROUTE = '/certificates/:code/pdf';
/** Headers of services' answer a printer needs; nothing else is passed on. */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-disposition', 'cache-control'];

export interface CertificatePdfRouteOptions {
  /** services' GraphQL URL (its routing URL in the supergraph, or SERVICES_URL): the PDF path is resolved against it. */
  servicesUrl: string;
  contextKey: string;
  authenticate: Authenticate;
  rateLimiter?: RateLimiter;
  /** How long services may take to answer (GATEWAY_REQUEST_TIMEOUT_MS). */
  timeoutMs: number;
  logger: Logger;
}

export function certificatePdfRoute(o: CertificatePdfRouteOptions) {
  const sign = createContextSigner(o.contextKey);
  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<string | false> => {
    const match = CERTIFICATE_PDF_PATH.exec(url.pathname);
    if (!match) return false;
    await answerPdf(req, res, match[1]);
    return ROUTE;
  };

  async function answerPdf(req: http.IncomingMessage, res: http.ServerResponse, code: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      writeJsonError(res, 405, 'only GET serves a certificate PDF', { code: 'BAD_REQUEST' }, { allow: 'GET, HEAD' });
      return;
    }
    const requestId = randomUUID();
    let caller;
    try {
      caller = await o.authenticate(req.headers, requestId);
    } catch (error) {
      const failure = error instanceof AuthFailure ? error : AuthFailure.unauthenticated('bearer token is not valid');
      const body = JSON.stringify(failure.body());
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) };
      if (failure.status === 401) headers['www-authenticate'] = 'Bearer realm="district-graph"';
      res.writeHead(failure.status, headers);
      res.end(body);
      return;
    }
    const limited = await o.rateLimiter?.consume(caller);
    if (limited) {
      const { message, extensions } = rateLimitedBody(limited).errors[0];
      writeJsonError(res, 429, message, extensions, { 'retry-after': String(limited.retryAfter) });
      return;
    }
    const deadline = Date.now() + o.timeoutMs;
    let answer: Response;
    try {
      answer = await fetch(new URL(`/certificates/${encodeURIComponent(code)}/pdf`, o.servicesUrl), {
        method: req.method,
        headers: { [CONTEXT_HEADER]: sign(caller, deadline) },
        signal: AbortSignal.timeout(o.timeoutMs),
      });
    } catch (error) {
      // Never services' address or the failure's text: the caller learns only that printing failed now.
      o.logger.warn({ requestId, err: (error as Error).name }, 'certificate PDF: services did not answer');
      writeJsonError(res, 502, '证明服务暂不可用 — the certificate service is unavailable; try again', { code: 'DEPARTMENT_UNAVAILABLE', department: 'SERVICES' });
      return;
    }
    const headers: Record<string, string> = { 'x-request-id': requestId };
    for (const name of PASSED_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    res.writeHead(answer.status, headers);
    if (!answer.body || req.method === 'HEAD') {
      res.end();
      return;
    }
    await new Promise<void>((resolve) => {
      Readable.fromWeb(answer.body as any).on('error', () => { res.destroy(); resolve(); }).pipe(res).on('finish', resolve).on('close', resolve);
    });
  }
}
