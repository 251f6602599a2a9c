import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { DEPARTMENT_LABELS, type Caller } from '@district/domain';
import type { CalledDepartment } from '../bundles/definitions.ts';
import type { ExitRepresentation } from '../bundles/readiness.ts';
import type { DepartmentPost } from './subgraphs.ts';

/**
 * What services reads of the departments before it accepts a bundle (前置条件核验), so a bundle
 * that cannot succeed is refused at the window instead of failing later at a department. Read the
 * same way the worker writes (writes.ts): each department subgraph directly, with a context
 * signed as role `system` asking for fresh reads (past the subgraphs' caches: what the department
 * holds now). One call per department, all in parallel, each bounded by a timeout.
 *
 * A department that cannot be read (unreachable, timed out, an error, or only a stale cached copy)
 * makes the whole read fail with DEPARTMENT_UNAVAILABLE: a precondition is never guessed.
 */
export interface DepartmentFacts {
  /**
   * The facts Enterprise.exitReadiness @requires, one `_entities` read per department. `requestId`
   * is the id the reads carry (the subgraphs' logs), the same as their access record's.
   */
  exitFacts(uscc: string, requestId?: string): Promise<ExitRepresentation>;
  /**
   * The market registry, in one read: the enterprise's registration status (null: not registered)
   * and 企业类型 when `uscc` is given, and who holds `name` when it is given (null: nobody, as far as one page of
   * the registry's name search tells; the registry itself decides at 设立登记 / 变更登记).
   */
  registry(query: { uscc?: string; name?: string }, requestId?: string): Promise<RegistryFacts>;
  /**
   * The office building the market registry places the enterprise in (楼宇编码), null when none:
   * a request (诉求) is filed under it, and building staff reach only their buildings' requests.
   */
  buildingOf(uscc: string, requestId?: string): Promise<string | null>;

  /**
   * One department's answer about one enterprise, for `selection` on Enterprise (a certificate's
   * facts, certificates/kinds.ts): the `_entities` entity, fresh, or DEPARTMENT_UNAVAILABLE.
   */
  enterprise(department: CalledDepartment, uscc: string, selection: string, requestId?: string): Promise<Record<string, any>>;
}

export interface RegistryFacts {
  registrationStatus: string | null;
  /** 企业类型 code of the enterprise asked for by `uscc` (null: not registered, or none recorded). */
  typeCode: string | null;
  nameHolder: string | null;
  /** The USCCs of every enterprise the name search read (for the access record); absent: none. */
  namesakes?: string[];
}

/**
 * Per department, the selection exitReadiness @requires (schema.graphql); a test holds the two
 * equal, so the up-front check and exitReadiness always judge the same facts.
 */
export const EXIT_SELECTIONS: Record<CalledDepartment, string> = {
  MARKET: 'registration { status onAbnormalList type { code } branches { registration { status } } }',
  TAX: 'tax { status hasArrears }',
  MEDICAL_INSURANCE: 'medicalInsurance { hasArrears }',
  REAL_ESTATE: 'realEstate { currentUnitCount hasSeizure }',
};

/**
 * What each read reads, as schema coordinates Type.field for the access record (the fields the
 * gateway would record for the same selection); a test holds them equal to the selections over the
 * supergraph.
 */
export const EXIT_FIELDS: Record<CalledDepartment, readonly string[]> = {
  MARKET: ['Enterprise.registration', 'Registration.status', 'Registration.onAbnormalList', 'Registration.type', 'EnterpriseType.code', 'Registration.branches'],
  TAX: ['Enterprise.tax', 'TaxProfile.status', 'TaxProfile.hasArrears'],
  MEDICAL_INSURANCE: ['Enterprise.medicalInsurance', 'MedicalInsuranceAccount.hasArrears'],
  REAL_ESTATE: ['Enterprise.realEstate', 'RealEstateHoldings.currentUnitCount', 'RealEstateHoldings.hasSeizure'],
};

/** The registry's status read of one enterprise, and its name search (registry()). */
export const REGISTRATION_SELECTION = 'registration { status type { code } }';
export const REGISTRATION_FIELDS: readonly string[] = ['Enterprise.registration', 'Registration.status', 'Registration.type', 'EnterpriseType.code'];
/** The registry's building tag of one enterprise (buildingOf()). */
export const BUILDING_SELECTION = 'building { id }';
export const BUILDING_FIELDS: readonly string[] = ['Enterprise.building', 'Building.id'];
export const NAME_SEARCH_SELECTION = 'enterprises(first: 100, filter: { keyword: $name }) { edges { node { uscc registration { name status } } } }';
export const NAME_SEARCH_FIELDS: readonly string[] = ['Query.enterprises', 'EnterpriseConnection.edges', 'EnterpriseEdge.node', 'Enterprise.uscc', 'Enterprise.registration', 'Registration.name', 'Registration.status'];

/** Registration statuses that no longer hold a name (the registry's own rule for 名称查重). */
const NAME_RELEASED = new Set(['DEREGISTERED', 'REVOKED_DEREGISTERED', 'ANNULLED', 'MOVED_OUT']);

export interface ReadFailure {
  department: CalledDepartment;
  /** TIMEOUT, UNREACHABLE, BAD_RESPONSE, STALE, or the department's own reason (OUTAGE, …). */
  reason: string;
}

/** Thrown when a department could not be read: the bundle is not accepted, and nothing is stored. */
export class DepartmentsUnavailableError extends GraphQLError {
  constructor(readonly failures: ReadFailure[]) {
    const labels = failures.map((f) => DEPARTMENT_LABELS[f.department]).join('、');
    super(
      `无法核验前置条件：${labels}暂不可用，办件未受理，请稍后再试 — the preconditions cannot be checked now: ${labels} could not be read; nothing was submitted, try again later`,
      { extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: failures[0].department, departments: failures.map((f) => f.department), reason: failures[0].reason, retryable: true } },
    );
    this.name = 'DepartmentsUnavailableError';
  }
}

class ReadFailed extends Error {
  constructor(readonly failure: ReadFailure) {
    super(`${failure.department}: ${failure.reason}`);
  }
}

const entitiesQuery = (selection: string) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { ${selection} } } }`;

/** The real reads: the department subgraphs, directly, as role system (client.ts). */
export function factsOver(post: DepartmentPost): DepartmentFacts {
  async function ask(department: CalledDepartment, caller: Caller, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
    const fail = (reason: string): never => { throw new ReadFailed({ department, reason }); };
    const reply = await post(department, caller, query, variables);
    if (!reply.ok) return fail(reply.reason);
    const body = reply.body;
    // Any error nulls some fact: the answer is incomplete, and an incomplete answer is not used.
    const error = body.errors?.[0];
    if (error) return fail(error.extensions?.code === 'DEPARTMENT_UNAVAILABLE' ? String(error.extensions.reason ?? 'OUTAGE') : 'ERROR');
    // A stale copy served because the department is down is yesterday's truth: not good enough to accept on.
    if (body.extensions?.stale?.length) return fail('STALE');
    if (!body.data) return fail('BAD_RESPONSE');
    return body.data;
  }

  /** Runs the reads in parallel and waits for all, so the error names every department that failed. */
  async function all<T>(reads: Promise<T>[]): Promise<T[]> {
    const settled = await Promise.allSettled(reads);
    const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    const unexpected = rejected.find((s) => !(s.reason instanceof ReadFailed));
    if (unexpected) throw unexpected.reason;
    if (rejected.length) throw new DepartmentsUnavailableError(rejected.map((s) => (s.reason as ReadFailed).failure));
    return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
  }

  // `fresh`: a precondition is judged on what the department holds now, past every cache (a name
  // registered a second ago must be taken, not free for another 30 seconds of a cached search).
  const precheck = (requestId: string = randomUUID()): Caller => ({ sub: 'bundle-precheck', role: 'system', requestId, fresh: true });

  return {
    async exitFacts(uscc, requestId) {
      const caller = precheck(requestId);
      const departments = Object.keys(EXIT_SELECTIONS) as CalledDepartment[];
      const answers = await all(departments.map((d) => ask(d, caller, entitiesQuery(EXIT_SELECTIONS[d]), { r: [{ __typename: 'Enterprise', uscc }] })));
      const representation: ExitRepresentation = { uscc };
      answers.forEach((data, i) => {
        const entity = data._entities?.[0];
        if (!entity) throw new DepartmentsUnavailableError([{ department: departments[i], reason: 'BAD_RESPONSE' }]);
        Object.assign(representation, entity);
      });
      return representation;
    },

    async buildingOf(uscc, requestId) {
      const [data] = await all([ask('MARKET', precheck(requestId), entitiesQuery(BUILDING_SELECTION), { r: [{ __typename: 'Enterprise', uscc }] })]);
      const id = data._entities?.[0]?.building?.id;
      return typeof id === 'string' ? id : null;
    },

    async enterprise(department, uscc, selection, requestId) {
      const [data] = await all([ask(department, { ...precheck(requestId), sub: 'certificate-issue' }, entitiesQuery(selection), { r: [{ __typename: 'Enterprise', uscc }] })]);
      const entity = data._entities?.[0];
      if (!entity) throw new DepartmentsUnavailableError([{ department, reason: 'BAD_RESPONSE' }]);
      return entity;
    },

    async registry({ uscc, name }, requestId) {
      const parts: string[] = [];
      const params: string[] = [];
      const variables: Record<string, unknown> = {};
      if (uscc) {
        params.push('$r: [_Any!]!');
        parts.push(`_entities(representations: $r) { ... on Enterprise { ${REGISTRATION_SELECTION} } }`);
        variables.r = [{ __typename: 'Enterprise', uscc }];
      }
      if (name) {
        params.push('$name: String');
        parts.push(`namesakes: ${NAME_SEARCH_SELECTION}`);
        variables.name = name;
      }
      if (!parts.length) return { registrationStatus: null, typeCode: null, nameHolder: null };
      const [data] = await all([ask('MARKET', precheck(requestId), `query(${params.join(', ')}) { ${parts.join(' ')} }`, variables)]);
      const nodes: any[] = name ? (data.namesakes?.edges ?? []).map((e: any) => e?.node).filter(Boolean) : [];
      const holder = nodes.find((n) => n.registration?.name === name && !NAME_RELEASED.has(n.registration.status));
      const registration = uscc ? data._entities?.[0]?.registration : null;
      return {
        registrationStatus: registration?.status ?? null, typeCode: registration?.type?.code ?? null, nameHolder: holder?.uscc ?? null,
        namesakes: nodes.map((n) => n.uscc).filter((u): u is string => typeof u === 'string'),
      };
    },
  };
}
