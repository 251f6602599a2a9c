import type { ServicesContext } from '../context.ts';
import { BUNDLES, type BundleKind } from './definitions.ts';
import { REQUIREMENTS } from './requirements.ts';
import type { BundleStep } from './store.ts';
import { readBundle, submit } from './submit.ts';

const TITLES = new Map(Object.values(BUNDLES).flat().map((s) => [s.key, s.title]));

export const BundleQuery = {
  bundle: (_: unknown, { id }: { id: string }, ctx: ServicesContext) => readBundle(ctx.db, ctx.caller, id),
  bundleRequirements: (_: unknown, { kind }: { kind: BundleKind }) => REQUIREMENTS[kind],
};

export const BundleMutation = {
  openEnterprise: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => submit(ctx.db, ctx.caller, 'OPENING', input, ctx.departmentFacts, ctx.logger),
  changeEnterprise: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => submit(ctx.db, ctx.caller, 'CHANGE', input, ctx.departmentFacts, ctx.logger),
  deregisterEnterprise: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => submit(ctx.db, ctx.caller, 'DEREGISTRATION', input, ctx.departmentFacts, ctx.logger),
};

export const Bundle = {
  uscc: (b: { uscc: string | null; results: { uscc?: unknown } }) => b.uscc ?? b.results.uscc ?? null,
};

export const BundleStepType = {
  title: (s: BundleStep) => TITLES.get(s.key) ?? s.key,
};
