import { normalizeOperation, operationId } from '@district/operations';
import type { OperationRef, OperationRegistry } from './operation-registry.ts';

/**
 * The safelist (操作白名单): in safelist mode (GATEWAY_SAFELIST, on by default in production) the
 * gateway runs only registered operations, sent
 *   - by id: `extensions.persistedQuery.sha256Hash` (Apollo's persisted queries), the id alone or
 *     with the body; or
 *   - by body: `query`, which after normalization (@district/operations) is a registered body.
 * Anything else is refused before it is parsed against the schema or planned, with 403
 * OPERATION_NOT_REGISTERED, and recorded in the access record as DENIED (the HTTP front calls
 * `onRefused`). Outside safelist mode every operation runs (automatic persisted queries as
 * before), and a registered one is still named, for logs, metrics and the access record.
 */
export const OPERATION_NOT_REGISTERED = 'OPERATION_NOT_REGISTERED';
export const SAFELIST_REFUSAL_STATUS = 403;
/** Ids remembered by their text (texts up to MAX_REMEMBERED_LENGTH), so a front end's repeated text is parsed once. */
const MAX_REMEMBERED_TEXTS = 1_000;
const MAX_REMEMBERED_LENGTH = 20_000;

export type Admission =
  | { admitted: true; operation?: OperationRef }
  | { admitted: false; status: number; body: { errors: Array<{ message: string; extensions: Record<string, unknown> }> } };

export interface SafelistOptions {
  /** true: only registered operations run (safelist mode). */
  enforce: boolean;
  registry: OperationRegistry;
  /** Most tokens parsed when normalizing a text (GATEWAY_MAX_TOKENS): what anyone sends is bounded here as in the limits. */
  maxTokens: number;
}

interface Asked {
  query?: unknown;
  extensions?: unknown;
}

/** The query and extensions of a POST body (parsed JSON) or of a GET's search parameters. */
function askedOf(body: unknown, search: URLSearchParams): Asked[] {
  if (Array.isArray(body)) return body.map((b) => (b && typeof b === 'object' ? (b as Asked) : {}));
  if (body && typeof body === 'object') return [body as Asked];
  // A body that is not a JSON object (another content type): Apollo Server refuses it as a bad request.
  if (body !== undefined) return [];
  let extensions: unknown;
  try {
    extensions = search.has('extensions') ? JSON.parse(search.get('extensions')!) : undefined;
  } catch {
    extensions = undefined;
  }
  return [{ query: search.get('query') ?? undefined, extensions }];
}

function hashOf(extensions: unknown): string | undefined {
  const pq = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return typeof pq?.sha256Hash === 'string' ? pq.sha256Hash.toLowerCase() : undefined;
}

export function createSafelist(o: SafelistOptions) {
  const ids = new Map<string, string | null>();
  const idOfText = (text: string): string | null => {
    let id = ids.get(text);
    if (id !== undefined) return id;
    try {
      id = operationId(normalizeOperation(text, { maxTokens: o.maxTokens }));
    } catch {
      id = null; // not GraphQL: it cannot be a registered operation (and is not parsed twice)
    }
    if (text.length > MAX_REMEMBERED_LENGTH) return id;
    if (ids.size >= MAX_REMEMBERED_TEXTS) ids.delete(ids.keys().next().value!);
    ids.set(text, id);
    return id;
  };

  const refused = (hash: string | undefined): Admission => ({
    admitted: false,
    status: SAFELIST_REFUSAL_STATUS,
    body: {
      errors: [{
        message: 'this graph runs only registered operations: register it (npm run operations:manifest, then operations:publish) and send its id in extensions.persistedQuery.sha256Hash',
        extensions: hash && /^[0-9a-f]{64}$/.test(hash) ? { code: OPERATION_NOT_REGISTERED, id: hash } : { code: OPERATION_NOT_REGISTERED },
      }],
    },
  });

  /** Which registered operation a request is, and whether it may run. */
  return async function admit(body: unknown, search: URLSearchParams): Promise<Admission> {
    let operation: OperationRef | undefined;
    for (const asked of askedOf(body, search)) {
      const hash = hashOf(asked.extensions);
      const id = hash ?? (typeof asked.query === 'string' ? idOfText(asked.query) : null);
      const registered = id ? await o.registry.byId(id) : undefined;
      // Sent by id and body both: Apollo Server checks that the id is the body's hash.
      if (!registered && o.enforce) return refused(hash);
      operation ??= registered ? { id: registered.id, name: registered.name } : undefined;
    }
    return { admitted: true, operation };
  };
}
export type Safelist = ReturnType<typeof createSafelist>;
