import { describe, expect, it } from 'vitest';
import type { StaleNotice } from '@district/department-access';
import { createLogger } from '@district/runtime';
import { authorizationClass } from './authorization-class.ts';
import { cacheHintOf } from './cache-hint.ts';
import { ResponseCache } from './response-cache.ts';
import { tagsOf, usccsIn } from './tags.ts';

const A = '91370212MA3C12340X';
const B = '913702121635897300';
const logger = createLogger('response-cache-test');
const ENTITIES = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Enterprise{tax{status}}}}';
const ROOT = 'query($uscc:ID!){enterprise(uscc:$uscc){uscc}}';
const rep = (uscc: string) => ({ __typename: 'Enterprise', uscc });
const entities = (...usccs: string[]) => ({ query: ENTITIES, variables: { representations: usccs.map(rep) } });
const CLASS = authorizationClass({ sub: 'u', role: 'auditor', purpose: 'AUDIT', requestId: 'r' })!;

function cache(o: { maxTtlS?: number; staleS?: number } = {}) {
  let now = 1_000_000;
  const c = new ResponseCache({ prefix: 't', subgraphs: ['tax'], maxTtlMs: (o.maxTtlS ?? 300) * 1000, staleMs: (o.staleS ?? 3600) * 1000, maxEntries: 100, logger, now: () => now });
  return { c, tick: (ms: number) => (now += ms) };
}

/** One fetch through the cache, answered (if it must be) by `answer` for the representations sent. */
async function fetch(c: ResponseCache, request: any, answer: (sent: any) => any, header = 'max-age=60, public', authClass = CLASS) {
  const prepared = (await c.prepare('tax', 'TAX', request, authClass))!;
  const { servedAsOf, hitMaxAge } = prepared;
  if (prepared.hit) return { response: prepared.hit, sent: null, notices: [] as StaleNotice[], servedAsOf, hitMaxAge };
  const notices: StaleNotice[] = [];
  return { response: await prepared.complete(answer(prepared.request), header, notices), sent: prepared.request, notices, servedAsOf, hitMaxAge };
}
const taxOf = (sent: any) => ({ data: { _entities: sent.variables.representations.map((r: any) => ({ __typename: 'Enterprise', tax: { status: `S-${r.uscc}` } })) } });

describe('the authorization class', () => {
  const base = { sub: 'u1', requestId: 'r1' } as const;
  it('differs for every difference in grant: role, purpose, masking, department, buildings, own USCC', () => {
    const classes = [
      { ...base, role: 'window-staff', purpose: 'ENTERPRISE_OPENING' },
      { ...base, role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION' },
      { ...base, role: 'enterprise', purpose: 'SELF_SERVICE', uscc: A },
      { ...base, role: 'enterprise', purpose: 'SELF_SERVICE', uscc: B },
      { ...base, role: 'building-staff', purpose: 'BUILDING_SERVICE', buildings: ['LS-B001'] },
      { ...base, role: 'building-staff', purpose: 'BUILDING_SERVICE', buildings: ['LS-B002'] },
      { ...base, role: 'building-staff', purpose: 'BUILDING_SERVICE', buildings: ['LS-B001', 'LS-B002'] },
      { ...base, role: 'department-officer', purpose: 'DEPARTMENT_CASE', department: 'TAX' },
      { ...base, role: 'department-officer', purpose: 'DEPARTMENT_CASE', department: 'MARKET' },
      { ...base, role: 'auditor', purpose: 'AUDIT' },
      { ...base, role: 'auditor' },
    ].map((c) => authorizationClass(c as any));
    expect(new Set(classes).size).toBe(classes.length);
    expect(JSON.parse(classes[2]!)).toContain('unmasked');
    expect(JSON.parse(classes[0]!)).toContain('masked');
  });

  it('is the same for callers the subgraphs answer alike: another user, request or case, buildings in another order', () => {
    expect(authorizationClass({ sub: 'u1', requestId: 'r1', role: 'window-staff', purpose: 'ENTERPRISE_CHANGE', caseId: 'C1' }))
      .toBe(authorizationClass({ sub: 'u2', requestId: 'r2', role: 'window-staff', purpose: 'ENTERPRISE_CHANGE', caseId: 'C2' }));
    expect(authorizationClass({ ...base, role: 'building-staff', purpose: 'BUILDING_SERVICE', buildings: ['LS-B002', 'LS-B001'] }))
      .toBe(authorizationClass({ ...base, role: 'building-staff', purpose: 'BUILDING_SERVICE', buildings: ['LS-B001', 'LS-B002'] }));
  });

  it("follows an agent's delegation as the policy does: none in effect, or for another enterprise, is another class", () => {
    const agent = { ...base, role: 'agent', purpose: 'ENTERPRISE_CHANGE', uscc: A, delegationId: 'DL-0000000000000001' } as const;
    const delegation = { id: 'DL-0000000000000001', purposes: ['ENTERPRISE_CHANGE'], bundleKinds: [], certificateKinds: [] } as any;
    const inEffect = authorizationClass({ ...agent, delegation });
    expect(inEffect).not.toBe(authorizationClass(agent));
    expect(inEffect).not.toBe(authorizationClass({ ...agent, uscc: B, delegation }));
    expect(inEffect).not.toBe(authorizationClass({ ...agent, delegation: { ...delegation, purposes: ['SELF_SERVICE'] } }));
    expect(JSON.parse(inEffect!)).toContain('masked');
  });

  it('is none (never cached) for the gateway itself and for reads past every cache', () => {
    expect(authorizationClass({ ...base, role: 'system' })).toBeNull();
    expect(authorizationClass({ ...base, role: 'auditor', purpose: 'AUDIT', fresh: true })).toBeNull();
    expect(authorizationClass(undefined)).toBeNull();
  });
});

describe('cache hints and tags', () => {
  it('reads max-age and scope; no-store and a missing header are not cacheable', () => {
    expect(cacheHintOf('max-age=300, public')).toEqual({ maxAge: 300, scope: 'PUBLIC' });
    expect(cacheHintOf('max-age=30, private')).toEqual({ maxAge: 30, scope: 'PRIVATE' });
    expect(cacheHintOf('no-store')).toEqual({ maxAge: 0 });
    expect(cacheHintOf(undefined)).toEqual({ maxAge: 0 });
  });

  it('tags an entry with its enterprises, or its subgraph when its key names none', () => {
    expect(usccsIn({ q: `enterprise(uscc:"${A}")`, list: [{ uscc: B }], longer: `X${A}` })).toEqual([A, B]);
    expect(tagsOf('tax', rep(A), { branch: { uscc: B } })).toEqual([`enterprise:${A}`, `enterprise:${B}`]);
    expect(tagsOf('market', { __typename: 'Building', id: 'LS-B001' }, { edges: [{ node: { uscc: A } }] })).toEqual(['keyless:market', `enterprise:${A}`]);
  });
});

describe('the response cache', () => {
  it('answers a repeat from the cache, and asks only for the entities it does not hold, in order', async () => {
    const { c } = cache();
    const first = await fetch(c, entities(A), taxOf);
    expect(first.sent).not.toBeNull();
    const again = await fetch(c, entities(A), () => expect.fail('asked the subgraph'));
    expect(again.response).toEqual(first.response);
    const mixed = await fetch(c, entities(B, A), (sent) => {
      expect(sent.variables.representations).toEqual([rep(B)]);
      return { ...taxOf(sent), errors: [{ message: 'late', path: ['_entities', 0, 'tax', 'extra'] }] };
    });
    expect(mixed.response.data!._entities).toEqual([{ __typename: 'Enterprise', tax: { status: `S-${B}` } }, { __typename: 'Enterprise', tax: { status: `S-${A}` } }]);
    // Errors point at the entity in the fetch's own order.
    expect(mixed.response.errors).toEqual([{ message: 'late', path: ['_entities', 0, 'tax', 'extra'] }]);
  });

  it('keys by authorization class, other variables and selection', async () => {
    const { c } = cache();
    await fetch(c, entities(A), taxOf);
    const other = authorizationClass({ sub: 'u', role: 'building-staff', purpose: 'BUILDING_SERVICE', buildings: ['LS-B001'], requestId: 'r' })!;
    expect((await fetch(c, entities(A), taxOf, undefined, other)).sent).not.toBeNull();
    expect((await fetch(c, { ...entities(A), variables: { ...entities(A).variables, lastMonths: 3 } }, taxOf)).sent).not.toBeNull();
    expect((await fetch(c, { ...entities(A), query: ENTITIES.replace('status', 'status name') }, taxOf)).sent).not.toBeNull();
  });

  it('keeps nothing without a hint, with a private one, with an error on the entity or a stale notice', async () => {
    for (const [header, answer] of [
      ['', taxOf],
      ['no-store', taxOf],
      ['max-age=60, private', taxOf],
      ['max-age=60', (s: any) => ({ ...taxOf(s), errors: [{ message: 'x', path: ['_entities', 0, 'tax'], extensions: { code: 'FORBIDDEN' } }] })],
      ['max-age=60', (s: any) => ({ ...taxOf(s), extensions: { stale: [{ department: 'TAX', ageSeconds: 9, asOf: 'x', reason: 'OUTAGE' }] } })],
    ] as const) {
      const { c } = cache();
      await fetch(c, entities(A), answer as any, header as any);
      expect((await fetch(c, entities(A), taxOf)).sent, String(header)).not.toBeNull();
    }
  });

  it('keeps an entry for the hinted time, at most the longest allowed', async () => {
    const { c, tick } = cache({ maxTtlS: 30 });
    await fetch(c, entities(A), taxOf, 'max-age=3600');
    tick(29_000);
    expect((await fetch(c, entities(A), taxOf)).sent).toBeNull();
    tick(2_000);
    expect((await fetch(c, entities(A), taxOf)).sent).not.toBeNull();
  });

  it('caches a root query fetch whole, never a mutation', async () => {
    const { c } = cache();
    const root = { query: ROOT, variables: { uscc: A } };
    const prepared = (await c.prepare('market', 'MARKET', root, CLASS))!;
    await prepared.complete({ data: { enterprise: { uscc: A } } }, 'max-age=60', []);
    expect((await c.prepare('market', 'MARKET', root, CLASS))!.hit).toEqual({ data: { enterprise: { uscc: A } } });
    expect(await c.prepare('market', 'MARKET', { query: 'mutation{x}' }, CLASS)).toBeNull();
    expect(await c.prepare('market', 'MARKET', root, null)).toBeNull();
  });

  it("drops a mutation's enterprises and its subgraph's keyless entries, and nothing else", async () => {
    const { c } = cache();
    await fetch(c, entities(A), taxOf);
    await fetch(c, entities(B), taxOf);
    const building = { query: 'query{building{enterprises{uscc}}}', variables: {} };
    await (await c.prepare('tax', 'TAX', building, CLASS))!.complete({ data: { building: { enterprises: [] } } }, 'max-age=60', []);
    await c.mutated('tax', { query: 'mutation($input:X!){change(input:$input){ok}}', variables: { input: { uscc: A } } }, { data: { change: { ok: true } } });
    expect((await fetch(c, entities(A), taxOf)).sent).not.toBeNull();
    expect((await fetch(c, entities(B), taxOf)).sent).toBeNull();
    expect((await c.prepare('tax', 'TAX', building, CLASS))!.hit).toBeUndefined();
  });

  it('does not keep an answer fetched before an invalidation of its tags', async () => {
    const { c, tick } = cache();
    const prepared = (await c.prepare('tax', 'TAX', entities(A), CLASS))!;
    tick(5);
    await c.invalidate([`enterprise:${A}`], 'department');
    await prepared.complete(taxOf(prepared.request), 'max-age=60', []);
    expect((await fetch(c, entities(A), taxOf)).sent).not.toBeNull();
  });

  it('serves an expired copy marked stale when the subgraph does not answer, or answers it is unavailable', async () => {
    const { c, tick } = cache({ staleS: 600 });
    const first = await fetch(c, entities(A), taxOf);
    tick(61_000);
    const prepared = (await c.prepare('tax', 'TAX', entities(A, B), CLASS))!;
    const notices: StaleNotice[] = [];
    const degraded = { data: { _entities: [{ __typename: 'Enterprise', tax: null }, { __typename: 'Enterprise', tax: null }] }, errors: [0, 1].map((i) => ({ message: 'down', path: ['_entities', i, 'tax'], extensions: { code: 'DEPARTMENT_UNAVAILABLE' } })) };
    const served = prepared.failed(degraded, 'UNREACHABLE', notices)!;
    expect(served.data!._entities).toEqual([first.response.data!._entities[0], { __typename: 'Enterprise', tax: null }]);
    expect(served.errors).toEqual([{ message: 'down', path: ['_entities', 1, 'tax'], extensions: { code: 'DEPARTMENT_UNAVAILABLE' } }]);
    expect(notices).toEqual([{ department: 'TAX', ageSeconds: 61, asOf: new Date(1_000_000).toISOString(), reason: 'UNREACHABLE' }]);

    const again = (await c.prepare('tax', 'TAX', entities(A), CLASS))!;
    const more: StaleNotice[] = [];
    const answered = await again.complete({ data: { _entities: [{ __typename: 'Enterprise', tax: null }] }, errors: [degraded.errors[0]] }, undefined, more);
    expect(answered).toEqual(first.response);
    expect(more).toEqual([expect.objectContaining({ department: 'TAX', reason: 'OUTAGE' })]);

    tick(600_000);
    expect((await c.prepare('tax', 'TAX', entities(A), CLASS))!.failed(null, 'TIMEOUT', [])).toBeNull();
  });
});

describe('how fresh an answer from the response cache is', () => {
  const T0 = 1_000_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  /** A department subgraph's answer served from its own cache, read from the department at `readAt`. */
  const fromDepartmentCache = (readAt: number, department = 'TAX') => (sent: any) => ({ ...taxOf(sent), extensions: { asOf: [{ department, asOf: iso(readAt), ageSeconds: 0 }] } });

  it("says on a hit when the oldest entry served was read from the department, and nothing for a fetch it did not serve", async () => {
    const { c, tick } = cache();
    const cold = await fetch(c, entities(A), taxOf);
    expect(cold.servedAsOf).toBeUndefined();
    tick(10_000);
    await fetch(c, entities(B), taxOf);
    tick(5_000);
    // Both from the cache: A is the older (read 15 s ago), and it stands for the fetch.
    const warm = await fetch(c, entities(B, A), () => expect.fail('asked the subgraph'));
    expect(warm.servedAsOf).toEqual({ department: 'TAX', asOf: iso(T0), ageSeconds: 15 });
    // A partial hit: the hit's freshness, whatever the subgraph answers for the rest.
    const partial = await fetch(c, entities(B, '913702120000000001'), taxOf);
    expect(partial.sent?.variables?.representations).toEqual([rep('913702120000000001')]);
    expect(partial.servedAsOf).toEqual({ department: 'TAX', asOf: iso(T0 + 10_000), ageSeconds: 5 });
    // A root fetch alike.
    const root = { query: ROOT, variables: { uscc: A } };
    await (await c.prepare('tax', 'TAX', root, CLASS))!.complete({ data: { enterprise: { uscc: A } } }, 'max-age=60', []);
    tick(2_000);
    expect((await c.prepare('tax', 'TAX', root, CLASS))!.servedAsOf).toEqual({ department: 'TAX', asOf: iso(T0 + 15_000), ageSeconds: 2 });
  });

  it('dates an entry from when its department was read, not when the gateway stored it: no second time to live on top', async () => {
    const { c, tick } = cache();
    // The department cache served a copy read 50 s ago; the hint is its record kind's 60 s.
    await fetch(c, entities(A), fromDepartmentCache(T0 - 50_000), 'max-age=60');
    tick(5_000);
    const warm = await fetch(c, entities(A), () => expect.fail('asked the subgraph'));
    expect(warm.servedAsOf).toEqual({ department: 'TAX', asOf: iso(T0 - 50_000), ageSeconds: 55 });
    expect(warm.hitMaxAge).toBe(5);
    // 60 s after the department was read the entry is spent, though the gateway stored it 50 s later.
    tick(5_000);
    expect((await fetch(c, entities(A), taxOf)).sent).not.toBeNull();
  });

  it('dates a root fetch alike, and counts the stale window from the department read too', async () => {
    const { c, tick } = cache({ staleS: 100 });
    const root = { query: ROOT, variables: { uscc: A } };
    await (await c.prepare('tax', 'TAX', root, CLASS))!.complete({ data: { enterprise: { uscc: A } }, extensions: { asOf: [{ department: 'TAX', asOf: iso(T0 - 50_000), ageSeconds: 50 }] } }, 'max-age=60', []);
    tick(9_000);
    expect((await c.prepare('tax', 'TAX', root, CLASS))!.hitMaxAge).toBe(1);
    tick(1_000);
    const expired = (await c.prepare('tax', 'TAX', root, CLASS))!;
    expect(expired.hit).toBeUndefined();
    const notices: StaleNotice[] = [];
    expect(expired.failed(null, 'TIMEOUT', notices)).toEqual({ data: { enterprise: { uscc: A } } });
    expect(notices).toEqual([{ department: 'TAX', ageSeconds: 60, asOf: iso(T0 - 50_000), reason: 'TIMEOUT' }]);
    // Read 160 s ago: past its 60 s and the 100 s stale window, though stored only 110 s ago.
    tick(100_000);
    expect((await c.prepare('tax', 'TAX', root, CLASS))!.failed(null, 'TIMEOUT', [])).toBeNull();
  });

  it('takes the oldest notice of the answer for all its entities, never a time after its own clock', async () => {
    const { c, tick } = cache();
    await fetch(c, entities(A, B), (sent) => ({
      ...taxOf(sent),
      extensions: { asOf: [{ department: 'TAX', asOf: iso(T0 - 20_000), ageSeconds: 20 }, { department: 'TAX', asOf: iso(T0 - 40_000), ageSeconds: 40 }] },
    }));
    expect((await fetch(c, entities(B), taxOf)).servedAsOf).toEqual({ department: 'TAX', asOf: iso(T0 - 40_000), ageSeconds: 40 });
    // A department's clock ahead of the gateway's: the gateway's own time.
    await fetch(c, entities('913702120000000001'), fromDepartmentCache(T0 + 30_000));
    tick(1_000);
    expect((await fetch(c, entities('913702120000000001'), taxOf)).servedAsOf).toEqual({ department: 'TAX', asOf: iso(T0), ageSeconds: 1 });
  });

  it("keeps nothing whose age it cannot carry: another department's notice, or one without a time", async () => {
    for (const extensions of [
      { asOf: [{ department: 'MARKET', asOf: new Date(T0).toISOString(), ageSeconds: 0 }] },
      { asOf: [{ department: 'TAX', asOf: 'yesterday', ageSeconds: 0 }] },
      { asOf: 'x' },
    ]) {
      const { c } = cache();
      await fetch(c, entities(A), (sent) => ({ ...taxOf(sent), extensions }));
      expect((await fetch(c, entities(A), taxOf)).sent, JSON.stringify(extensions)).not.toBeNull();
    }
  });
});
