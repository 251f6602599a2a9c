import { defaultFieldResolver, Kind, type DocumentNode, type GraphQLField, type GraphQLSchema } from 'graphql';
import type { Caller } from '@district/domain';
import type { Department } from '@district/domain';
import { forbidden } from '@district/domain';
import { refusal, rowScope, SENSITIVITY_LEVELS, type SensitivityLevel } from './policy.ts';

/**
 * Enforcement of the field declarations `@sensitivity(level: …)` (policy.ts has the table). Every
 * declared field's resolver, the default one too, is wrapped: a caller whose grant lacks the class
 * gets the field null with a FORBIDDEN error naming `Type.field` and the missing grant; the rest of
 * the answer is untouched (declared fields are nullable, so the null stops there).
 *
 * The caller is the context's `caller` (the verified signed request context). A context without
 * one is refused everything but PUBLIC: fail closed.
 */

const SENSITIVITY_DIRECTIVE = 'sensitivity';

/** `Type.field` → level, for every field of `typeDefs` declared `@sensitivity(level: …)`. */
export function sensitivityDeclarations(typeDefs: DocumentNode): Map<string, SensitivityLevel> {
  const found = new Map<string, SensitivityLevel>();
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === SENSITIVITY_DIRECTIVE);
      if (!directive) continue;
      const argument = directive.arguments?.find((a) => a.name.value === 'level');
      if (argument?.value.kind !== Kind.ENUM || !(SENSITIVITY_LEVELS as readonly string[]).includes(argument.value.value)) {
        throw new Error(`${definition.name.value}.${field.name.value}: @sensitivity needs level: one of ${SENSITIVITY_LEVELS.join(', ')}`);
      }
      found.set(`${definition.name.value}.${field.name.value}`, argument.value.value as SensitivityLevel);
    }
  }
  return found;
}

/** The stand-in for a context without a caller: granted PUBLIC only. */
const anonymous: Pick<Caller, 'role' | 'purpose' | 'department'> = { role: 'frontend-app' };

/** The caller of a resolver's context, if it has one. */
export const callerOf = (ctx: unknown): Caller | undefined => (ctx as { caller?: Caller } | null)?.caller;

/**
 * Wraps the declared fields of `schema` (in place) and returns it. Throws at start-up when a
 * declaration names a field the schema does not have, or a non-null field (its null would wipe out
 * the parent, not just itself).
 */
export function enforceSensitivity(schema: GraphQLSchema, declarations: Map<string, SensitivityLevel>, department: Department | undefined): GraphQLSchema {
  const own = department ?? ('NONE' as Department);
  for (const [coordinate, level] of declarations) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    // Duck-typed, not isObjectType: @apollo/subgraph may build the schema with graphql's other (CJS) copy.
    const type = schema.getType(typeName) as { constructor: { name: string }; getFields?: () => Record<string, GraphQLField<unknown, unknown>> } | undefined;
    const field = type?.constructor.name === 'GraphQLObjectType' ? type.getFields?.()[fieldName] : undefined;
    if (!field) throw new Error(`@sensitivity on ${coordinate}, which the schema does not have`);
    if (field.type.toString().endsWith('!')) throw new Error(`@sensitivity on non-null ${coordinate}: declared fields must be nullable`);
    if (level === 'PUBLIC') continue;
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, ctx, info) => {
      const caller = callerOf(ctx) ?? anonymous;
      const why = refusal(caller, level, own);
      if (why) throw forbidden(`Not authorized to read ${coordinate} (${level}): ${why}`, { field: coordinate, sensitivity: level });
      return resolve(source, args, ctx, info);
    };
  }
  return schema;
}

/**
 * Row-level checks of an enterprise by USCC, for the entry points that can see (market) and for
 * every subgraph's entity resolution (defence in depth: the enterprise role, only itself).
 */
export function enterpriseOutOfScope(caller: Caller | undefined, uscc: string, what: string): Error {
  const who = caller ? `role ${caller.role}` : 'a caller without a request context';
  return forbidden(`Not authorized to read ${what}: enterprise ${uscc} is outside what ${who} may see`, { field: what });
}

/** For the enterprise role: refuse any USCC but its own. Other roles pass (their scope is checked where it can be). */
export function assertSelfIfEnterprise(caller: Caller | undefined, uscc: string, what: string): void {
  const scope = caller ? rowScope(caller) : ({ kind: 'self', uscc: null } as const);
  if (scope.kind === 'self' && scope.uscc !== uscc) throw enterpriseOutOfScope(caller, uscc, what);
}

/**
 * A field that leads to an enterprise this subgraph cannot place in the caller's scope (tax
 * headOffice, a property's holder): refused to building staff, to the enterprise role unless it is
 * itself, to a context without a caller.
 */
export function assertHopAllowed(caller: Caller | undefined, targetUscc: string | null, what: string): void {
  if (!caller) throw enterpriseOutOfScope(caller, targetUscc ?? '(unknown)', what);
  const scope = rowScope(caller);
  if (scope.kind === 'buildings') throw forbidden(`Not authorized to read ${what}: building staff reach enterprises only through their buildings`, { field: what });
  if (scope.kind === 'self' && scope.uscc !== targetUscc) throw enterpriseOutOfScope(caller, targetUscc ?? '(unknown)', what);
}

/** Wraps `resolvers.Enterprise.__resolveReference` (adding one if absent) with assertSelfIfEnterprise. */
export function guardEnterpriseReferences<R extends Record<string, any>>(resolvers: R): R {
  const enterprise = resolvers.Enterprise;
  if (!enterprise) return resolvers;
  const original = enterprise.__resolveReference ?? ((ref: unknown) => ref);
  return {
    ...resolvers,
    Enterprise: {
      ...enterprise,
      __resolveReference: (ref: { uscc: string }, ctx: unknown, info: unknown) => {
        assertSelfIfEnterprise(callerOf(ctx), ref.uscc, 'Enterprise');
        return original(ref, ctx, info);
      },
    },
  };
}

/**
 * Department writes (the @inaccessible mutations of the department subgraphs) are made only by
 * the bundle orchestrator, calling with a context signed for role `system`; anyone else is FORBIDDEN.
 */
export function assertSystemCaller(caller: Caller | undefined, what: string): void {
  if (caller?.role !== 'system') {
    throw forbidden(`Not authorized to ${what}: department writes are made only by the bundle orchestrator (role system), not ${caller ? `role ${caller.role}` : 'a caller without a request context'}`);
  }
}

