import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import persisted from './gql/persisted-documents.json' with { type: 'json' };

/**
 * The page's only way to the graph: POST /graphql on the gateway that served it, with the user's
 * token. An operation goes by its persisted id (the id code generation embedded, which the
 * operations manifest registers, so a production gateway's safelist runs it); a gateway that does
 * not know the id yet (PERSISTED_QUERY_NOT_FOUND, outside production) gets it once more with its
 * body, as in examples/frontend/src/client.ts. The whole answer comes back, `extensions` included:
 * the page reads `extensions.stale` and each error's code and department.
 */
export const GRAPHQL_PATH = '/graphql';

export interface ApiError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; department?: string; reason?: string; [key: string]: unknown };
}

/** One department's data served from cache while it failed (README "Stale if error"). */
export interface StaleNote {
  department: string;
  ageSeconds?: number;
  asOf?: string;
  reason?: string;
}

export interface Answer<TData> {
  status: number;
  data?: TData | null;
  errors?: ApiError[];
  extensions?: { stale?: StaleNote[] };
}

const bodies = persisted as Record<string, string>;

interface DocumentMeta { __meta__?: { hash?: string }; definitions: ReadonlyArray<{ kind: string; name?: { value: string } }> }

/** Thrown when the gateway refuses the token itself (401): the page signs out and asks again. */
export class SignedOut extends Error {}

export async function request<TData, TVariables>(token: string, document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<Answer<TData>> {
  const doc = document as unknown as DocumentMeta;
  const id = doc.__meta__?.hash;
  if (!id) throw new Error('this document has no persisted id: run `npm run codegen -w @district/workbench`');
  const operationName = doc.definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value;
  const extensions = { persistedQuery: { version: 1, sha256Hash: id } };
  const post = async (payload: object): Promise<Answer<TData>> => {
    const res = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(payload),
    });
    if (res.status === 401) throw new SignedOut('登录已失效，请重新登录 — Your sign-in is no longer valid; sign in again');
    let body: Omit<Answer<TData>, 'status'>;
    try {
      body = await res.json();
    } catch {
      body = { errors: [{ message: `网关应答无法读取 — the gateway answered HTTP ${res.status} without JSON`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
    }
    return { ...body, status: res.status };
  };
  const first = await post({ operationName, variables, extensions });
  if (first.errors?.[0]?.extensions?.code !== 'PERSISTED_QUERY_NOT_FOUND' || !bodies[id]) return first;
  return post({ operationName, variables, extensions, query: bodies[id] });
}

/** The errors of an answer with this code. */
export const errorsWithCode = (answer: Answer<unknown> | undefined, code: string) => (answer?.errors ?? []).filter((e) => e.extensions?.code === code);

/** One line for an error the user must read: the server's message (already bilingual where it matters) and its code. */
export const errorText = (e: ApiError) => (e.extensions?.code ? `${e.message} (${e.extensions.code})` : e.message);
