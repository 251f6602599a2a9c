import { describe, expect, it } from 'vitest';
import { buildFederatedSchema } from '@district/subgraph-kit';
import { resolvers } from './resolvers/index.ts';
import { departmentSubgraph } from './index.ts';
import { TAX_PROFILE_FIELD_KINDS } from './selection.ts';

const schema = buildFederatedSchema(departmentSubgraph.typeDefs, resolvers as any);
// By shape, not instanceof: @apollo/subgraph builds the schema with graphql's CommonJS build, vitest loads the ESM one.
interface Named { description?: string | null; getFields?: () => Record<string, { name: string; description?: string | null; type: unknown; args: { name: string; description?: string | null }[] }>; getValues?: () => { name: string; description?: string | null }[] }
const isObjectType = (t: unknown): t is Named & { getFields: NonNullable<Named['getFields']> } => !!t && typeof (t as Named).getFields === 'function' && !('getValues' in (t as object));
const isEnumType = (t: unknown): t is Named & { getValues: NonNullable<Named['getValues']> } => !!t && typeof (t as Named).getValues === 'function';
const OWN_TYPES = ['Enterprise', 'TaxProfile', 'TaxpayerStatus', 'TaxpayerKind', 'TaxAuthority', 'TaxIndustry', 'TaxpayerPerson', 'TaxClearance',
  'ClearancePath', 'CreditRating', 'CreditGrade', 'CreditRatingSource', 'TaxItem', 'TaxArrear', 'TaxDeclaration', 'OverdueDeclaration',
  'TaxPayment', 'InvoiceQuota', 'InvoiceQuotaStatus'];
/** Chinese and English both: at least one CJK character and one Latin word. */
const bilingual = (text: string | null | undefined) => !!text && /[\u4e00-\u9fff]/.test(text) && /[A-Za-z]{3,}/.test(text);

describe('the tax subgraph schema', () => {
  it('describes every type, field, argument and enum value in both languages', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const name of OWN_TYPES) {
      const type = schema.getType(name) as unknown as Named;
      checked++;
      if (!bilingual(type.description)) missing.push(name);
      if (isObjectType(type)) {
        for (const f of Object.values(type.getFields())) {
          if (name === 'Enterprise' && f.name === 'uscc') continue;
          checked++;
          if (!bilingual(f.description)) missing.push(`${name}.${f.name}`);
          for (const a of f.args) if (!bilingual(a.description)) missing.push(`${name}.${f.name}(${a.name})`);
        }
      }
      if (isEnumType(type)) for (const v of type.getValues()) if ((checked++, !bilingual(v.description))) missing.push(`${name}.${v.name}`);
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(140);
  });

  it('knows which query kinds every TaxProfile field needs, so the combined call is planned from the selection', () => {
    const fields = Object.keys((schema.getType('TaxProfile') as any).getFields()).sort();
    expect(Object.keys(TAX_PROFILE_FIELD_KINDS).sort()).toEqual(fields);
  });

  it('uses Money for every amount and Date for every date', () => {
    const wrong: string[] = [];
    for (const name of OWN_TYPES) {
      const type = schema.getType(name);
      if (!isObjectType(type)) continue;
      for (const f of Object.values(type.getFields())) {
        const t = String(f.type).replace(/[!\[\]]/g, '');
        if (/(amount|total|used|remaining|lateFee$|relief|taxBase|taxPayable|amountDue)/i.test(f.name) && t !== 'Money') wrong.push(`${name}.${f.name}: ${t}`);
        if (/(On|Since|AsOf)$/.test(f.name) && t !== 'Date') wrong.push(`${name}.${f.name}: ${t}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
