import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { QueryKind } from './codes.ts';

/**
 * Which query kinds (查询类型) a GraphQL selection needs, so that one combined call fetches all of
 * them and nothing more. Every TaxProfile field is listed: [] for fields every answer carries
 * (taxpayerId, name, dataAsOf). schema.test.ts checks the list against the schema.
 */
export const TAX_PROFILE_FIELD_KINDS: Record<string, readonly QueryKind[]> = {
  taxpayerId: [], name: [], dataAsOf: [],
  formerName: ['DJXX'], status: ['DJXX'], statusCode: ['DJXX'], statusLabel: ['DJXX'], taxpayerKind: ['DJXX'],
  taxpayerKindLabel: ['DJXX'], registeredOn: ['DJXX'], taxAuthority: ['DJXX'], taxOffice: ['DJXX'], industry: ['DJXX'],
  registeredAddress: ['DJXX'], businessAddress: ['DJXX'], legalRepresentative: ['DJXX'], financeOfficer: ['DJXX'],
  taxAgent: ['DJXX'], headOffice: ['DJXX'], abnormalSince: ['DJXX'], deregisteredOn: ['DJXX'], clearance: ['DJXX'],
  creditGrade: ['XYDJ'], creditHistory: ['XYDJ'],
  hasArrears: ['QSXX'], arrearsTotal: ['QSXX'], arrears: ['QSXX'],
  declarations: ['SBXX'], overdueDeclarations: ['SBXX'],
  payments: ['JKXX'],
  invoiceQuota: ['FPED'],
};

/** taxEvents: 登记/非正常/清税/注销 dates (DJXX), ratings (XYDJ), the earliest arrear (QSXX). */
export const EVENT_KINDS: readonly QueryKind[] = ['DJXX', 'XYDJ', 'QSXX'];

/** When a selection needs no block at all (only taxpayerId, say), the bus still needs one kind. */
const CHEAPEST: readonly QueryKind[] = ['DJXX'];

type Fragments = Record<string, FragmentDefinitionNode>;

/** The fields selected directly in `set` on `typeName`, through inline fragments and fragment spreads. */
function fieldsOn(set: SelectionSetNode | undefined, typeName: string, fragments: Fragments): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((s): FieldNode[] => {
    if (s.kind === Kind.FIELD) return [s];
    const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : fragments[s.name.value];
    if (!fragment) return [];
    const on = fragment.typeCondition?.name.value;
    // Fragments on other types (another entity in the same _entities call) are not ours to count.
    return on === undefined || on === typeName ? fieldsOn(fragment.selectionSet, typeName, fragments) : [];
  });
}

function taxProfileKinds(taxFields: FieldNode[], fragments: Fragments, into: Set<QueryKind>): void {
  for (const tax of taxFields) {
    for (const f of fieldsOn(tax.selectionSet, 'TaxProfile', fragments)) {
      for (const k of TAX_PROFILE_FIELD_KINDS[f.name.value] ?? []) into.add(k);
    }
  }
}

const orCheapest = (kinds: Set<QueryKind>): QueryKind[] => (kinds.size > 0 ? [...kinds] : [...CHEAPEST]);

/**
 * Kinds for everything selected on Enterprise in an `_entities` call: `tax { … }` and `taxEvents`
 * together, so one call serves both; null when neither is selected (nothing to fetch).
 * @skip/@include are ignored: fetching a block that is then skipped costs bytes, never a call.
 */
export function kindsForEntities(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): QueryKind[] | null {
  const kinds = new Set<QueryKind>();
  const enterpriseFields = info.fieldNodes.flatMap((n) => fieldsOn(n.selectionSet, 'Enterprise', info.fragments));
  const tax = enterpriseFields.filter((f) => f.name.value === 'tax');
  const events = enterpriseFields.some((f) => f.name.value === 'taxEvents');
  if (tax.length === 0 && !events) return null;
  taxProfileKinds(tax, info.fragments, kinds);
  if (events) for (const k of EVENT_KINDS) kinds.add(k);
  return orCheapest(kinds);
}

/** Kinds for one `tax { … }` field, when it is resolved without a reference (e.g. TaxProfile.headOffice). */
export function kindsForTaxField(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): QueryKind[] {
  const kinds = new Set<QueryKind>();
  taxProfileKinds([...info.fieldNodes], info.fragments, kinds);
  return orCheapest(kinds);
}
