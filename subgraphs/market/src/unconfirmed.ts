import type { ApolloServerPlugin } from '@apollo/server';
import { DepartmentUnavailableError } from '@district/domain';
import { responsePathAsArray, type GraphQLFormattedError } from 'graphql';

/**
 * 未经登记核实 — an enterprise answered while the registry could not say whether it is registered
 * (Query.enterprise during a registry outage). The answer carries it, so the other departments'
 * fields still resolve; the response carries the registry's outage as an error at the
 * enterprise's path, so a client never takes an unconfirmed enterprise for a registered one, even
 * when it selected none of the registry's fields.
 *
 * GraphQL lets a resolver give a value or an error, not both: the resolver marks its value, and
 * this plugin (per operation, also inside a batched request whose operations share one context)
 * turns each marked value into an error in that operation's response.
 */
const UNCONFIRMED = Symbol('unconfirmed by the registry');

export interface Unconfirmed {
  [UNCONFIRMED]?: DepartmentUnavailableError;
}

/** The value, marked as answered without the registry because of this outage. */
export function unconfirmed<T extends object>(value: T, outage: DepartmentUnavailableError): T & Unconfirmed {
  return Object.assign(value, { [UNCONFIRMED]: outage });
}

export function unconfirmedPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const errors: GraphQLFormattedError[] = [];
      return {
        async executionDidStart() {
          return {
            willResolveField({ info }) {
              // Only root fields answer an enterprise by its key: every other field passes untouched.
              if (info.parentType !== info.schema.getQueryType()) return;
              return (_error, result) => {
                const outage = (result as Unconfirmed | null | undefined)?.[UNCONFIRMED];
                if (!outage) return;
                errors.push({
                  message: `${outage.message}: whether the enterprise is registered could not be checked; the other departments' fields are answered without it`,
                  path: responsePathAsArray(info.path),
                  extensions: { ...outage.extensions },
                });
              };
            },
          };
        },
        async willSendResponse({ response }) {
          if (!errors.length || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...errors];
        },
      };
    },
  };
}
