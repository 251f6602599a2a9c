import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { getOperationAST } from 'graphql';
import persisted from './gql/persisted-documents.json' with { type: 'json' };

/**
 * A tiny GraphQL client over fetch (no framework): it sends an operation by its persisted id only —
 * `extensions.persistedQuery.sha256Hash`, the id GraphQL Code Generator embedded in the typed
 * document (`__meta__.hash`) and the manifest registers — with its name and variables. A gateway
 * in safelist mode (production) runs only such registered operations. Outside production, an
 * operation the gateway does not know yet (PERSISTED_QUERY_NOT_FOUND) is sent once more with its
 * normalized body, as automatic persisted queries do.
 */
export interface ClientOptions {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** Bearer token and any other headers (x-purpose, x-case-id) the caller sends. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  fetch?: typeof fetch;
}

export interface GraphQLError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface Result<TData> {
  data?: TData | null;
  errors?: GraphQLError[];
  /** The HTTP status of the answer: 200 with data (perhaps partly), 4xx when refused as a whole. */
  status: number;
}

const bodies = persisted as Record<string, string>;

/** The persisted id code generation embedded in a typed document. */
export function persistedIdOf(document: TypedDocumentNode<any, any>): string {
  const id = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!id) throw new Error('this document has no persisted id: generate it with persistedDocuments (codegen.ts)');
  return id;
}

export function createClient(o: ClientOptions) {
  const send = o.fetch ?? fetch;
  const post = async (payload: object): Promise<Result<any>> => {
    const res = await send(o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(await o.headers?.()) },
      body: JSON.stringify(payload),
    });
    const body = (await res.json()) as Omit<Result<unknown>, 'status'>;
    return { ...body, status: res.status };
  };

  return async function request<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<Result<TData>> {
    const id = persistedIdOf(document);
    const operationName = getOperationAST(document)?.name?.value;
    const extensions = { persistedQuery: { version: 1, sha256Hash: id } };
    const first = await post({ operationName, variables, extensions });
    if (first.errors?.[0]?.extensions?.code !== 'PERSISTED_QUERY_NOT_FOUND' || !bodies[id]) return first;
    return post({ operationName, variables, extensions, query: bodies[id] });
  };
}
export type Client = ReturnType<typeof createClient>;
