import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { Kind, TypeInfo, buildSchema, parse, print, visit, visitWithTypeInfo, type ObjectTypeExtensionNode, type StringValueNode } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_HEADER, DEV_CONTEXT_KEY, verifyContext } from '@district/runtime';
import type { CalledDepartment } from '../bundles/definitions.ts';
import { createDepartmentClient } from './client.ts';
import { BUILDING_FIELDS, BUILDING_SELECTION, DepartmentsUnavailableError, EXIT_FIELDS, EXIT_SELECTIONS, NAME_SEARCH_FIELDS, NAME_SEARCH_SELECTION, REGISTRATION_FIELDS, REGISTRATION_SELECTION } from './facts.ts';

/**
 * The precondition reads at the HTTP boundary: stand-in department subgraphs that record what they
 * were asked and answer as scripted.
 */
type Answer = { status?: number; body?: unknown; delayMs?: number; hang?: boolean };
const DEPARTMENTS: CalledDepartment[] = ['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE'];

describe('department facts over HTTP', () => {
  const servers: Server[] = [];
  const urls = {} as Record<CalledDepartment, string>;
  const seen: { department: CalledDepartment; at: number; query: string; variables: any; context: string }[] = [];
  const script = new Map<CalledDepartment, (query: string, variables: any) => Answer>();

  const entity = (d: CalledDepartment): Record<string, unknown> => ({
    MARKET: { registration: { status: 'EXISTING', onAbnormalList: false, type: { code: '1130' }, branches: [] } },
    TAX: { tax: { status: 'NORMAL', hasArrears: true } },
    MEDICAL_INSURANCE: { medicalInsurance: { hasArrears: false } },
    REAL_ESTATE: { realEstate: { currentUnitCount: 0, hasSeizure: true } },
  })[d];
  const ok = (d: CalledDepartment): Answer => ({ body: { data: { _entities: [entity(d)] } } });

  beforeAll(async () => {
    for (const d of DEPARTMENTS) {
      const server = createServer((req, res) => {
        let raw = '';
        req.on('data', (c) => (raw += c));
        req.on('end', async () => {
          const { query, variables } = JSON.parse(raw);
          seen.push({ department: d, at: Date.now(), query, variables, context: String(req.headers[CONTEXT_HEADER] ?? '') });
          const a = (script.get(d) ?? (() => ok(d)))(query, variables);
          if (a.hang) return;
          if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
          res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
          res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      servers.push(server);
      urls[d] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    }
  });
  afterAll(async () => {
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });
  afterEach(() => { seen.length = 0; script.clear(); });

  const reader = (timeoutMs = 1_000) => createDepartmentClient({ urls, factsTimeoutMs: timeoutMs });

  it('reads each department once, in parallel, as role system, and merges one representation', async () => {
    for (const d of DEPARTMENTS) script.set(d, () => ({ ...ok(d), delayMs: 150 }));
    const started = Date.now();
    const rep = await reader().exitFacts('91370212MA3C12346X');
    expect(Date.now() - started).toBeLessThan(450);
    expect(seen.map((s) => s.department).sort()).toEqual([...DEPARTMENTS].sort());
    expect(rep).toEqual({ uscc: '91370212MA3C12346X', ...entity('MARKET'), ...entity('TAX'), ...entity('MEDICAL_INSURANCE'), ...entity('REAL_ESTATE') });
    for (const s of seen) {
      expect(s.query).toContain(EXIT_SELECTIONS[s.department]);
      expect(s.variables).toEqual({ r: [{ __typename: 'Enterprise', uscc: '91370212MA3C12346X' }] });
      expect(await verifyContext(s.context, DEV_CONTEXT_KEY)).toMatchObject({ role: 'system', sub: 'bundle-precheck', fresh: true });
    }
  });

  it('names every department it could not read: an outage, a timeout, a stale copy, a broken answer', async () => {
    script.set('TAX', () => ({ body: { data: { _entities: [{ tax: null }] }, errors: [{ message: 'down', extensions: { code: 'DEPARTMENT_UNAVAILABLE', reason: 'OUTAGE' } }] } }));
    script.set('MEDICAL_INSURANCE', () => ({ hang: true }));
    script.set('REAL_ESTATE', () => ({ body: { data: { _entities: [entity('REAL_ESTATE')] }, extensions: { stale: [{ department: 'REAL_ESTATE', reason: 'OUTAGE', ageSeconds: 60 }] } } }));
    script.set('MARKET', () => ({ status: 502, body: '<html>bad gateway</html>' }));
    const started = Date.now();
    const error = await reader(300).exitFacts('91370212MA3C12346X').catch((e) => e);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(DepartmentsUnavailableError);
    expect(error.extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'MARKET', departments: ['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE'], retryable: true });
    expect(error.failures.map((f: any) => f.reason)).toEqual(['BAD_RESPONSE', 'OUTAGE', 'TIMEOUT', 'STALE']);
    expect(error.message).toMatch(/未受理.*nothing was submitted/);
  });

  it('asks the registry once for a status and a name, matching the exact name of a live holder only', async () => {
    script.set('MARKET', () => ({ body: { data: {
      _entities: [{ registration: { status: 'EXISTING', type: { code: '1151' } } }],
      namesakes: { edges: [
        { node: { uscc: 'A', registration: { name: '青岛甲科技有限公司分公司', status: 'EXISTING' } } },
        { node: { uscc: 'B', registration: { name: '青岛甲科技有限公司', status: 'DEREGISTERED' } } },
        { node: { uscc: 'C', registration: { name: '青岛甲科技有限公司', status: 'REVOKED_NOT_DEREGISTERED' } } },
      ] },
    } } }));
    expect(await reader().registry({ uscc: '91370212MA3C12346X', name: '青岛甲科技有限公司' })).toEqual({ registrationStatus: 'EXISTING', typeCode: '1151', nameHolder: 'C', namesakes: ['A', 'B', 'C'] });
    expect(seen).toHaveLength(1);
    expect(seen[0].variables).toEqual({ r: [{ __typename: 'Enterprise', uscc: '91370212MA3C12346X' }], name: '青岛甲科技有限公司' });

    script.set('MARKET', () => ({ body: { data: { namesakes: { edges: [{ node: { uscc: 'B', registration: { name: '青岛乙有限公司', status: 'DEREGISTERED' } } }] } } } }));
    expect(await reader().registry({ name: '青岛乙有限公司' })).toEqual({ registrationStatus: null, typeCode: null, nameHolder: null, namesakes: ['B'] });
  });

  it('carries the request id it is given on every read, for the access record', async () => {
    await reader().exitFacts('91370212MA3C12346X', 'precheck-0001');
    await reader().registry({ name: '青岛乙有限公司' }, 'precheck-0002');
    const ids = await Promise.all(seen.map(async (s) => (await verifyContext(s.context, DEV_CONTEXT_KEY)).requestId));
    expect(ids).toEqual([...Array(4).fill('precheck-0001'), 'precheck-0002']);
  });

  it('records as read exactly the fields its selections read, as the gateway would name them over the supergraph', () => {
    const supergraph = buildSchema(readFileSync(new URL('../../../../schema/supergraph.graphql', import.meta.url), 'utf8'), { assumeValidSDL: true });
    /** Type.field of every field of a query over the supergraph, as the gateway's recorder names them. */
    const coordinates = (query: string) => {
      const out = new Set<string>();
      const typeInfo = new TypeInfo(supergraph);
      visit(parse(query), visitWithTypeInfo(typeInfo, { Field(node) { out.add(`${typeInfo.getParentType()!.name}.${node.name.value}`); } }));
      return [...out].sort();
    };
    const onEnterprise = (selection: string) => coordinates(`{ enterprise(uscc: "x") { ${selection} } }`).filter((c) => c !== 'Query.enterprise');
    for (const d of DEPARTMENTS) expect([...EXIT_FIELDS[d]].sort(), d).toEqual(onEnterprise(EXIT_SELECTIONS[d]));
    expect([...REGISTRATION_FIELDS].sort()).toEqual(onEnterprise(REGISTRATION_SELECTION));
    expect([...BUILDING_FIELDS].sort()).toEqual(onEnterprise(BUILDING_SELECTION));
    expect([...NAME_SEARCH_FIELDS].sort()).toEqual(coordinates(`query($name: String) { ${NAME_SEARCH_SELECTION} }`));
  });

  it('selects exactly what exitReadiness @requires, so the mutation and the field judge the same facts', () => {
    const schema = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
    const field = schema.definitions
      .filter((d): d is ObjectTypeExtensionNode => d.kind === Kind.OBJECT_TYPE_EXTENSION && d.name.value === 'Enterprise')
      .flatMap((d) => d.fields ?? [])
      .find((f) => f.name.value === 'exitReadiness')!;
    const requires = (field.directives!.find((d) => d.name.value === 'requires')!.arguments![0].value as StringValueNode).value;
    const normal = (fields: string) => print(parse(`{ ${fields} }`));
    expect(normal(Object.values(EXIT_SELECTIONS).join(' '))).toBe(normal(requires));
  });
});
