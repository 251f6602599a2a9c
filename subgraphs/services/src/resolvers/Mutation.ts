import type { ServicesContext } from '../context.ts';
import { recordAccesses } from '../audit/access-log.ts';
import { closeFollowUp, rateBundle } from '../bundles/evaluation.ts';
import { submit } from '../bundles/submit.ts';
import { recordVisit } from '../requests/visits.ts';
import { advanceRequest, closeRequestFollowUp, raiseRequest, rateRequest } from '../requests/flow.ts';
import { issueCertificate } from '../certificates/issue.ts';
import { revokeCertificate } from '../certificates/revoke.ts';
import { grantDelegation, revokeDelegation, useDelegation } from '../delegations/delegations.ts';

export const Mutation = {
  recordAccesses: (_: unknown, { inputs }: { inputs: unknown[] }, ctx: ServicesContext) => recordAccesses(ctx.db, ctx.caller, inputs),

  openEnterprise: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => submit(ctx.db, ctx.caller, 'OPENING', input, ctx.departmentFacts, ctx.logger),
  changeEnterprise: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => submit(ctx.db, ctx.caller, 'CHANGE', input, ctx.departmentFacts, ctx.logger),
  deregisterEnterprise: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => submit(ctx.db, ctx.caller, 'DEREGISTRATION', input, ctx.departmentFacts, ctx.logger),

  rateBundle: (_: unknown, { input }: { input: any }, ctx: ServicesContext) => rateBundle(ctx.db, ctx.caller, input ?? {}),
  issueCertificate: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => issueCertificate(ctx.db, ctx.caller, input, ctx.departmentFacts, ctx.certificates, ctx.logger),
  revokeCertificate: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => revokeCertificate(ctx.db, ctx.caller, input, ctx.logger),
  grantDelegation: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => grantDelegation(ctx.db, ctx.caller, input),
  revokeDelegation: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => revokeDelegation(ctx.db, ctx.caller, input),
  useDelegation: (_: unknown, args: { id: string; agent: string; purpose?: string | null; consume: boolean }, ctx: ServicesContext) => useDelegation(ctx.db, ctx.caller, args),
  closeFollowUp: (_: unknown, { input }: { input: any }, ctx: ServicesContext) => closeFollowUp(ctx.db, ctx.caller, input ?? {}),

  raiseRequest: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => raiseRequest(ctx.db, ctx.caller, input, ctx.departmentFacts),
  advanceRequest: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => advanceRequest(ctx.db, ctx.caller, input),
  recordVisit: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => recordVisit(ctx.db, ctx.caller, input, ctx.departmentFacts),
  closeRequestFollowUp: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => closeRequestFollowUp(ctx.db, ctx.caller, input),
  rateRequest: (_: unknown, { input }: { input: unknown }, ctx: ServicesContext) => rateRequest(ctx.db, ctx.caller, input),
};
