import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { AccessRecordInput } from '@district/audit';
import { createAuditRecorder, outcomeOf, takeAuditKeys } from './audit.ts';
import { AUDIT_KEY_ALIAS, createOperationAnalyzer, keyArguments, selectedFields, withAuditKeys } from './audit-analysis.ts';

const { buildSchema, parse, print, getOperationAST } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const schema = buildSchema(`
  type Query { enterprise(uscc: ID!): Enterprise, building(id: ID!): Building, ping: String }
  type Building { name: String, enterprises: [Enterprise!]! }
  type Enterprise { uscc: ID!, name: String, tax: Tax }
  type Tax { grade: String }
`);
const A = '91370212MA3C12346X';
const logger = { info() {}, warn() {}, error() {}, debug() {} } as any;

describe('what the gateway collects for the access record', () => {
  it('lists the selected fields as Type.field, through fragments, and knows when the entity is touched', () => {
    const doc = parse('query { building(id: "B") { name enterprises { ...E } } } fragment E on Enterprise { name tax { grade } }');
    const { fields, touches } = selectedFields(schema, doc, 'Enterprise');
    expect([...fields].sort()).toEqual(['Building.enterprises', 'Building.name', 'Enterprise.name', 'Enterprise.tax', 'Query.building', 'Tax.grade']);
    expect(touches).toBe(true);
    expect(selectedFields(schema, parse('{ ping }'), 'Enterprise').touches).toBe(false);
  });

  it('selects the entity key under a private alias wherever the entity is selected, and strips it from the answer', () => {
    const doc = withAuditKeys(schema, parse('{ building(id: "B") { enterprises { name } } e: enterprise(uscc: "x") { ...E } } fragment E on Enterprise { tax { grade } }'), 'Enterprise', 'uscc');
    expect(print(doc).match(new RegExp(`${AUDIT_KEY_ALIAS}: uscc`, 'g'))).toHaveLength(3);
    const data = { building: { enterprises: [{ name: 'a', [AUDIT_KEY_ALIAS]: A }, null] }, e: { tax: null, [AUDIT_KEY_ALIAS]: 'B' } };
    const keys = new Set<string>();
    takeAuditKeys(data, keys);
    expect([...keys]).toEqual([A, 'B']);
    expect(JSON.stringify(data)).not.toContain(AUDIT_KEY_ALIAS);
  });

  it('reads key arguments from literals and variables', () => {
    const doc = parse('query($u: ID!) { a: enterprise(uscc: $u) { name } b: enterprise(uscc: "91370212ma3c12346x") { name } }');
    expect(keyArguments(schema, doc, 'uscc', { u: A })).toEqual([A, A]);
  });

  it('records only the operation that runs, with the fragments it reaches, of a document carrying several', async () => {
    const B = '91370212MA3C12346Y';
    const sent: AccessRecordInput[] = [];
    const audit = createAuditRecorder({ url: 'http://unused', contextKey: 'k', departments: {}, logger, send: async (records) => { sent.push(...records); } });
    const plugin = audit.plugin as any;
    const document = parse(`
      query Mine($u: ID!) { enterprise(uscc: $u) { ...N } }
      query Other { enterprise(uscc: "${B}") { tax { grade } } building(id: "B") { name } }
      fragment N on Enterprise { name }`);
    const ask = async (requestId: string) => {
      const contextValue = { requestId, caller: { sub: 'x', role: 'auditor', purpose: 'AUDIT', requestId } };
      const hooks = await plugin.requestDidStart({ contextValue });
      const rc: any = { contextValue, schema, document, operation: getOperationAST(document, 'Mine'), request: { variables: { u: A } } };
      await hooks.didResolveOperation(rc);
      // What runs is the operation alone, with its fragment and the key under the private alias.
      expect(print(rc.document)).not.toContain('Other');
      expect(print(rc.document)).toContain('fragment N on Enterprise');
      expect(print(rc.document)).toContain(`${AUDIT_KEY_ALIAS}: uscc`);
      await hooks.willSendResponse({ ...rc, response: { body: { kind: 'single', singleResult: { data: { enterprise: { name: 'n', [AUDIT_KEY_ALIAS]: A } } } } } });
    };
    await ask('r1');
    await ask('r2'); // the same parsed document again: the analysis is reused, the record the same
    await audit.flush();
    await audit.stop();
    expect(sent).toHaveLength(2);
    for (const record of sent) {
      expect(record.subjects).toEqual([A]);
      expect([...record.fields].sort()).toEqual(['Enterprise.name', 'Query.enterprise']);
    }
  });

  it('analyses an operation once per parsed document, again for a new schema, following fragments through fragments', () => {
    const analyze = createOperationAnalyzer('Enterprise', 'uscc');
    const document = parse(`query Q { building(id: "B") { ...B } } query R { ping }
      fragment B on Building { enterprises { ... on Enterprise { ...E } } } fragment E on Enterprise { tax { grade } } fragment Unused on Enterprise { name }`);
    const q = getOperationAST(document, 'Q')!;
    const first = analyze(schema, document, q);
    expect(analyze(schema, document, q)).toBe(first);
    expect([...first.fields].sort()).toEqual(['Building.enterprises', 'Enterprise.tax', 'Query.building', 'Tax.grade']);
    expect(print(first.withKeys)).not.toMatch(/fragment Unused|query R/);
    const reloaded = buildSchema(`
      type Query { enterprise(uscc: ID!): Enterprise, building(id: ID!): Building, ping: String }
      type Building { name: String, enterprises: [Enterprise!]! }
      type Enterprise { uscc: ID!, name: String, tax: Tax }
      type Tax { grade: String }`);
    expect(analyze(reloaded, document, q)).not.toBe(first);
    expect(analyze(schema, document, getOperationAST(document, 'R')!).touches).toBe(false);
  });

  describe('the outcome: one meaning each, whatever the mix of errors', () => {
    const e = (code?: string, extensions: Record<string, unknown> = {}) => ({ extensions: code === undefined ? extensions : { code, ...extensions } });
    const unavailable = e('DEPARTMENT_UNAVAILABLE', { department: 'TAX' });
    const depth = e('GRAPHQL_VALIDATION_FAILED', { limit: 'depth', max: 12 });
    const introspection = { message: 'GraphQL introspection is not allowed by Apollo Server', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };

    it('OK: answered in full', () => {
      expect(outcomeOf(undefined, true)).toBe('OK');
      expect(outcomeOf([], true)).toBe('OK');
    });

    it('DENIED: the caller was refused — a field or row, its credentials, a limit, introspection — whatever else happened', () => {
      for (const refusal of [e('FORBIDDEN'), e('UNAUTHENTICATED'), depth, introspection]) {
        for (const others of [[], [unavailable], [e('BAD_USER_INPUT')], [e('INTERNAL_SERVER_ERROR')]]) {
          for (const hasData of [true, false]) expect(outcomeOf([...others, refusal], hasData)).toBe('DENIED');
        }
      }
    });

    it('ERROR: our failure — an internal error, an unknown or missing code, or a department unavailable with nothing answered', () => {
      for (const ours of [e('INTERNAL_SERVER_ERROR'), e('SOMETHING_NEW'), e(undefined), { message: 'no extensions at all' }]) {
        expect(outcomeOf([ours], false)).toBe('ERROR');
        expect(outcomeOf([ours], true)).toBe('ERROR');
        expect(outcomeOf([unavailable, e('BAD_USER_INPUT'), ours], true)).toBe('ERROR');
      }
      expect(outcomeOf([unavailable], false)).toBe('ERROR');
      expect(outcomeOf([unavailable, e('BAD_USER_INPUT')], false)).toBe('ERROR');
    });

    it('PARTIAL: a department was unavailable, and the rest was answered', () => {
      expect(outcomeOf([unavailable], true)).toBe('PARTIAL');
      expect(outcomeOf([unavailable, e('DEPARTMENT_UNAVAILABLE', { department: 'MARKET' })], true)).toBe('PARTIAL');
      expect(outcomeOf([unavailable, e('BAD_USER_INPUT')], true)).toBe('PARTIAL');
    });

    it('INVALID: the caller\'s own mistake — bad input, or what it asked cannot be, nothing or part answered', () => {
      for (const code of ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'PRECONDITION_FAILED', 'DEPARTMENT_REJECTED', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']) {
        expect(outcomeOf([e(code)], true), code).toBe('INVALID');
        expect(outcomeOf([e(code)], false), code).toBe('INVALID');
      }
      expect(outcomeOf([e('BAD_USER_INPUT'), e('NOT_FOUND')], true)).toBe('INVALID');
    });
  });

  it('records a request refused for its credentials as DENIED by an unauthenticated caller, with the enterprises it named', async () => {
    const sent: AccessRecordInput[] = [];
    const audit = createAuditRecorder({ url: 'http://unused', contextKey: 'k', departments: {}, logger, send: async (records) => { sent.push(...records); } });
    audit.refused({ requestId: 'refused-0001', text: JSON.stringify({ query: `{ enterprise(uscc: "${A}") { name } }`, variables: { other: '91370212MA3C12346Y' } }) });
    await audit.flush();
    await audit.stop();
    expect(sent).toEqual([expect.objectContaining({ requestId: 'refused-0001', who: 'unauthenticated', role: 'unauthenticated', subjects: [A], outcome: 'DENIED' })]);
  });
});

describe('mutations on the access record', () => {
  // A graph whose mutations carry the key inside their inputs and answer with objects that have a
  // key field without being the entity (a case about an enterprise, its results).
  const graph = buildSchema(`
    type Query { enterprise(uscc: ID!): Enterprise, bundle(id: ID!): Bundle }
    type Mutation {
      open(input: OpenInput!): Bundle!
      close(input: CloseInput!): Bundle!
      transfer(input: TransferInput!): Bundle!
      rate(input: RateInput!): Rating!
    }
    type Enterprise { uscc: ID!, name: String }
    type Bundle { id: ID!, uscc: ID, results: Results, steps: [Step!]! }
    type Results { uscc: ID, licenceNo: String }
    type Step { key: String }
    type Rating { id: ID!, level: Int }
    input OpenInput { key: String!, name: String! }
    input CloseInput { key: String!, uscc: ID!, path: String }
    input Party { uscc: ID, name: String }
    input TransferInput { key: String!, from: Party!, to: [Party!]!, note: String }
    input RateInput { bundleId: ID!, level: Int! }
  `);
  const B = '91370212MA3C12346Y';
  const C = '913702121635897372';

  it('reads the key wherever it is in the arguments: nested in input literals, in input variables, in lists of them', () => {
    const literal = parse(`mutation { close(input: { key: "k", uscc: "${A}" }) { id } transfer(input: { key: "k", from: { uscc: "${B.toLowerCase()}" }, to: [{ uscc: "${C}" }, { name: "x" }] }) { id } }`);
    expect(keyArguments(graph, literal, 'uscc').sort()).toEqual([A, B, C].sort());
    const variables = parse('mutation($c: CloseInput!, $t: TransferInput!, $u: ID) { close(input: $c) { id } transfer(input: $t) { id } other: transfer(input: { key: "k", from: { uscc: $u }, to: [] }) { id } }');
    expect(keyArguments(graph, variables, 'uscc', {
      c: { key: 'k', uscc: A, path: C },
      t: { key: 'k', from: { uscc: B }, to: [{ uscc: C }, { name: A }], note: A },
      u: A,
    }).sort()).toEqual([A, A, B, C].sort());
    // Variables of input types that hold no key are not searched: a value that looks like one is not a subject.
    expect(keyArguments(graph, parse('mutation($o: OpenInput!) { open(input: $o) { id } }'), 'uscc', { o: { key: A, name: A } })).toEqual([]);
  });

  it('records every mutation, its key from the input and from wherever the answer has a key field, selected or not', async () => {
    const sent: AccessRecordInput[] = [];
    const audit = createAuditRecorder({ url: 'http://unused', contextKey: 'k', departments: { services: 'SERVICES' }, logger, send: async (records) => { sent.push(...records); } });
    const plugin = audit.plugin as any;
    const run = async (requestId: string, query: string, variables: Record<string, unknown>, answer: (document: string) => { data?: unknown; errors?: unknown[] }) => {
      const contextValue = { requestId, caller: { sub: 'w-1', role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION', requestId } };
      const hooks = await plugin.requestDidStart({ contextValue });
      const document = parse(query);
      const rc: any = { contextValue, schema: graph, document, operation: getOperationAST(document), request: { variables } };
      await hooks.didResolveOperation(rc);
      audit.didResolveQueryPlan({ queryPlan: { kind: 'QueryPlan', node: { kind: 'Fetch', serviceName: 'services' } }, requestContext: { context: contextValue } });
      const result = answer(print(rc.document));
      await hooks.willSendResponse({ ...rc, response: { body: { kind: 'single', singleResult: result } } });
      return result;
    };
    // Refused: no data, the key only in the input variable.
    await run('m-refused', 'mutation($i: CloseInput!) { close(input: $i) { id } }', { i: { key: 'k1', uscc: C, path: 'GENERAL' } },
      () => ({ data: null, errors: [{ message: 'no', extensions: { code: 'PRECONDITION_FAILED' } }] }));
    // Opened: the key is only in the answer, under fields the caller did not select.
    const opened = await run('m-open', 'mutation { open(input: { key: "k2", name: "n" }) { id steps { key } } }', {}, (document) => {
      expect(document.match(new RegExp(`${AUDIT_KEY_ALIAS}: uscc`, 'g')), document).toHaveLength(1);
      return { data: { open: { id: 'LS-1', steps: [{ key: 'S' }], [AUDIT_KEY_ALIAS]: B } } };
    });
    expect(JSON.stringify(opened.data)).not.toContain(AUDIT_KEY_ALIAS);
    // Selected results: their key field is collected too.
    await run('m-results', 'mutation { open(input: { key: "k3", name: "n" }) { results { licenceNo } } }', {}, (document) => {
      expect(document.match(new RegExp(`${AUDIT_KEY_ALIAS}: uscc`, 'g')), document).toHaveLength(2);
      return { data: { open: { results: { licenceNo: 'L', [AUDIT_KEY_ALIAS]: A }, [AUDIT_KEY_ALIAS]: null } } };
    });
    // A mutation naming no enterprise at all is on the record as well.
    await run('m-rate', 'mutation { rate(input: { bundleId: "LS-1", level: 5 }) { id } }', {}, () => ({ data: { rate: { id: 'E1' } } }));
    await audit.flush();
    await audit.stop();
    const by = Object.fromEntries(sent.map((r) => [r.requestId, r]));
    expect(Object.keys(by).sort()).toEqual(['m-open', 'm-rate', 'm-refused', 'm-results']);
    expect(by['m-refused']).toMatchObject({ who: 'w-1', role: 'window-staff', subjects: [C], departments: ['SERVICES'], outcome: 'INVALID' });
    expect([...by['m-refused'].fields].sort()).toEqual(['Bundle.id', 'Mutation.close']);
    expect(by['m-open']).toMatchObject({ subjects: [B], outcome: 'OK' });
    expect([...by['m-open'].fields].sort()).toEqual(['Bundle.id', 'Bundle.steps', 'Mutation.open', 'Step.key']);
    expect(by['m-results']).toMatchObject({ subjects: [A], outcome: 'OK' });
    expect(by['m-rate']).toMatchObject({ subjects: [], outcome: 'OK' });
    expect([...by['m-rate'].fields].sort()).toEqual(['Mutation.rate', 'Rating.id']);
  });

  it('keeps queries as they were: the key is selected on the entity only, and a query touching no entity is not recorded', () => {
    const analyze = createOperationAnalyzer('Enterprise', 'uscc');
    const document = parse('{ bundle(id: "LS-1") { id results { licenceNo } } }');
    const analysis = analyze(graph, document, getOperationAST(document)!);
    expect(analysis.touches).toBe(false);
    expect(print(analysis.withKeys)).not.toContain(AUDIT_KEY_ALIAS);
    const mutation = parse('mutation { open(input: { key: "k", name: "n" }) { id } }');
    expect(analyze(graph, mutation, getOperationAST(mutation)!).touches).toBe(true);
  });
});

describe('when the services store cannot take a record', () => {
  const record = (requestId: string): AccessRecordInput => ({ at: new Date().toISOString(), requestId, who: 'x', role: 'auditor', purpose: 'AUDIT', caseId: null, departments: [], subjects: [A], fields: ['Query.enterprise'], outcome: 'OK' });

  it('queues records in order and writes them all once services is back', async () => {
    let up = false;
    const written: string[] = [];
    const audit = createAuditRecorder({ url: 'http://unused', contextKey: 'k', departments: {}, logger, retryIntervalMs: 60_000, send: async (records) => {
      if (!up) throw new Error('unreachable');
      written.push(...records.map((r) => r.requestId));
    } });
    const plugin = audit.plugin as any;
    const run = async (requestId: string) => {
      const contextValue = { requestId, caller: { sub: 'x', role: 'auditor', purpose: 'AUDIT', requestId } };
      const hooks = await plugin.requestDidStart({ contextValue });
      const document = parse(`{ enterprise(uscc: "${A}") { name } }`);
      const rc: any = { contextValue, schema, document, operation: getOperationAST(document), request: { variables: {} } };
      await hooks.didResolveOperation(rc);
      await hooks.willSendResponse({ ...rc, response: { body: { kind: 'single', singleResult: { data: { enterprise: { name: 'n', [AUDIT_KEY_ALIAS]: A } } } } } });
    };
    await run('r1');
    await run('r2');
    expect(await audit.queued()).toBe(2);
    up = true;
    await run('r3');
    await audit.flush();
    expect(written).toEqual(['r1', 'r2', 'r3']);
    expect(await audit.queued()).toBe(0);
    await audit.stop();
  });
});
