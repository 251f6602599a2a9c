import { readFileSync } from 'node:fs';
import { TypeInfo, buildSchema, parse, validate, visit, visitWithTypeInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CERTIFICATES, CERTIFICATE_KINDS, judgeCertificate } from './kinds.ts';

describe('certificate kinds', () => {
  const supergraph = buildSchema(readFileSync(new URL('../../../../schema/supergraph.graphql', import.meta.url), 'utf8'), { assumeValidSDL: true });

  it('read what the department subgraphs offer, and record exactly those fields as the gateway names them', () => {
    for (const kind of CERTIFICATE_KINDS) {
      const query = parse(`{ enterprise(uscc: "x") { ${CERTIFICATES[kind].selection} } }`);
      expect(validate(supergraph, query).map((e) => e.message), kind).toEqual([]);
      const out = new Set<string>();
      const typeInfo = new TypeInfo(supergraph);
      visit(query, visitWithTypeInfo(typeInfo, { Field(node) { out.add(`${typeInfo.getParentType()!.name}.${node.name.value}`); } }));
      out.delete('Query.enterprise');
      expect([...CERTIFICATES[kind].fields].sort(), kind).toEqual([...out].sort());
    }
  });

  it('refuses what the facts do not support, each with a bilingual reason naming the department', () => {
    const p = { from: '2026-01', to: '2026-12' };
    expect(judgeCertificate('NO_TAX_ARREARS', { tax: { name: 'x', hasArrears: null } }, null)).toMatchObject({ ok: false, refusals: [{ code: 'UNCONFIRMED' }] });
    expect(judgeCertificate('TAX_PAYMENT', { tax: null }, p)).toMatchObject({ ok: false, refusals: [{ code: 'NO_RECORD', reason: expect.stringMatching(/^税务 \(tax\): .+ — /) }] });
    expect(judgeCertificate('INSURANCE_CONTRIBUTION', { medicalInsurance: null }, p)).toMatchObject({ ok: false, refusals: [{ code: 'NO_RECORD', reason: expect.stringMatching(/^医保 \(medical insurance\)/) }] });
    // The register holding nothing is itself a result to certify.
    expect(judgeCertificate('PROPERTY_HOLDINGS', { realEstate: null }, null)).toMatchObject({ ok: true, content: { statement: expect.stringContaining('无现势不动产') } });
  });
});
