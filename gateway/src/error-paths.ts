import { visit, type DocumentNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Errors from fetches the client never asked for — fields a later fetch @requires, hidden from
 * the API (@inaccessible) — would point at paths the client cannot see. We keep the error (its
 * code and department matter) but point it at the nearest part of the answer the client did
 * select, and drop exact duplicates that this produces — and a moved error whose department
 * already has the same error deeper in that part of the answer (a field the client selected).
 */
function responseNames(doc: DocumentNode): Set<string> {
  const names = new Set<string>();
  visit(doc, { Field: (node) => void names.add(node.alias?.value ?? node.name.value) });
  return names;
}

type PathError = { path?: readonly (string | number)[]; extensions?: Record<string, unknown> };

/** `other` is the same failure (code, department) at a path strictly inside `error`'s. */
function coversBelow(other: PathError, error: PathError): boolean {
  const at = error.path ?? [];
  const below = other.path;
  if (!below || below.length <= at.length || at.some((seg, i) => below[i] !== seg)) return false;
  return other.extensions?.code === error.extensions?.code && other.extensions?.department === error.extensions?.department;
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
          const moved = new Set<object>();
          for (const error of result.errors) {
            const path = error.path;
            if (!path) continue;
            const keep = path.findIndex((seg) => typeof seg === 'string' && !selected.has(seg));
            if (keep < 0) continue;
            (error as { path?: readonly (string | number)[] }).path = keep > 0 ? path.slice(0, keep) : undefined;
            moved.add(error);
          }
          const seen = new Set<string>();
          result.errors = result.errors.filter((error) => {
            // A moved error whose department already has an error inside that part of the answer
            // says nothing more: the client sees the failure where its own field is null.
            if (moved.has(error) && result.errors!.some((other) => other !== error && coversBelow(other, error))) return false;
            const key = JSON.stringify([error.message, error.path, error.extensions?.code]);
            if (seen.has(key)) return false;
            seen.add(key);
            return true;
          });
        },
      };
    },
  };
}

