import { visit, type DocumentNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Errors from fetches the client never asked for — fields a later fetch @requires, hidden from
 * the API (@inaccessible) — would point at paths the client cannot see. We keep the error (its
 * code and department matter) but point it at the nearest part of the answer the client did
 * select, and drop exact duplicates that this produces.
 */
function responseNames(doc: DocumentNode): Set<string> {
  const names = new Set<string>();
  visit(doc, { Field: (node) => void names.add(node.alias?.value ?? node.name.value) });
  return names;
}

export function errorPathsPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, document }) {
          if (response.body.kind !== 'single' || !document) return;
          const result = response.body.singleResult;
          if (!result.errors?.length) return;
          const selected = responseNames(document);
          const seen = new Set<string>();
          result.errors = result.errors.filter((error) => {
            let path = error.path;
            if (path) {
              const keep = path.findIndex((seg) => typeof seg === 'string' && !selected.has(seg));
              if (keep >= 0) path = path.slice(0, keep);
              (error as { path?: readonly (string | number)[] }).path = path.length ? path : undefined;
            }
            const key = JSON.stringify([error.message, path, error.extensions?.code]);
            if (seen.has(key)) return false;
            seen.add(key);
            return true;
          });
        },
      };
    },
  };
}

