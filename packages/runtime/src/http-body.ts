import type http from 'node:http';

/**
 * Reading a request body on the gateway's and the subgraphs' node:http fronts, and refusing one
 * that is too large in a way the client actually hears.
 *
 * Destroying the request as soon as it passes the limit (what we did first) resets the
 * connection while the client is still sending: curl reports an empty reply and fetch
 * ECONNRESET, and the 413 is never read. So an oversized body is answered with 413 and a JSON
 * error naming the limit, and the rest of what the client sends is read and thrown away (up to
 * DRAIN_MAX_BYTES or DRAIN_MAX_MS, then the connection is cut: a client cannot make us read
 * without end), so the connection stays usable. A request that declares its size (Content-Length) over the limit is answered
 * before any of it is read, and one that asks `Expect: 100-continue` is answered instead of being
 * told to continue, so a well-behaved client never sends the body at all.
 */

/** What is read and discarded after a 413, at most, before the connection is closed. */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
export const DRAIN_MAX_MS = 10_000;

/** The JSON error every refusal on the HTTP fronts has: `{ errors: [{ message, extensions }] }`. */
export function writeJsonError(res: http.ServerResponse, status: number, message: string, extensions: Record<string, unknown>, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify({ errors: [{ message, extensions }] });
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * 413 with the limit. The rest of the body is read and discarded, so the connection stays usable
 * and the client reads the answer; `close` (a client that asked to continue and will send
 * nothing) closes the connection after the answer instead.
 */
export function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number, close = false): void {
  if (!res.headersSent) {
    writeJsonError(res, 413, `request body is larger than ${limit} bytes, the most this server accepts`, { code: 'PAYLOAD_TOO_LARGE', maxBytes: limit }, close ? { connection: 'close' } : {});
  }
  if (!close) drain(req);
}

function drain(req: http.IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  let drained = 0;
  const cut = () => req.destroy();
  const timer = setTimeout(cut, DRAIN_MAX_MS);
  timer.unref();
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_MAX_BYTES) cut();
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

/** Content-Length as declared, or undefined (chunked, absent or malformed). */
function declaredLength(req: http.IncomingMessage): number | undefined {
  const raw = req.headers['content-length'];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/**
 * The request body as text, or null when it is larger than `limit` bytes: the 413 has then been
 * sent (refuseTooLarge) and the caller only returns.
 */
export function readBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<string | null> {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) {
    refuseTooLarge(req, res, limit);
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        chunks.length = 0;
        refuseTooLarge(req, res, limit);
        resolve(null);
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (size <= limit) resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/**
 * Answers `Expect: 100-continue` for a body declared over the limit with the 413 at once, and
 * lets every other request continue as usual. Install on the server: `server.on('checkContinue', …)`.
 */
export function continueUnlessTooLarge(limit: number, handle: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const declared = declaredLength(req);
    if (declared !== undefined && declared > limit) {
      refuseTooLarge(req, res, limit, true);
      return;
    }
    res.writeContinue();
    handle(req, res);
  };
}
