import { createRequire } from 'node:module';
import type { ConstDirectiveNode, ConstValueNode } from 'graphql';

const { parse, Kind } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * The IBM cost spec's directives as the subgraphs declare them and composition keeps them in the
 * supergraph (`@link(url: "https://specs.apollo.dev/cost/v0.1")`, Federation 2.9), the same ones
 * Apollo's and Hive's demand control read:
 * - `@cost(weight: Int!)` on a field (what resolving it costs) or on a type (what every field
 *   returning it costs, unless the field says otherwise);
 * - `@listSize(assumedSize, slicingArguments, sizedFields, requireOneSlicingArgument)` on a list
 *   field: how many items it returns — the value of its slicing argument (`first`) when one is
 *   given, else `assumedSize`; with `sizedFields` the size is that of those child fields (a
 *   connection's `edges`), not of the field itself.
 * limits.ts estimates an operation's cost with them.
 */
export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
  requireOneSlicingArgument: boolean;
}

export interface CostDirectives {
  /** `Type.field` → weight. */
  fieldWeight: Map<string, number>;
  /** `Type` → weight of each field returning it. */
  typeWeight: Map<string, number>;
  /** `Type.field` → its list size declaration. */
  listSize: Map<string, ListSize>;
}

export const NO_COST_DIRECTIVES: CostDirectives = { fieldWeight: new Map(), typeWeight: new Map(), listSize: new Map() };

const arg = (d: ConstDirectiveNode, name: string): ConstValueNode | undefined => d.arguments?.find((a) => a.name.value === name)?.value;
const int = (v: ConstValueNode | undefined) => (v?.kind === Kind.INT ? Number(v.value) : undefined);
const strings = (v: ConstValueNode | undefined) => (v?.kind === Kind.LIST ? v.values.flatMap((x) => (x.kind === Kind.STRING ? [x.value] : [])) : v?.kind === Kind.STRING ? [v.value] : undefined);

/** The cost directives of a supergraph SDL, by the names its `@link` of the cost spec gives them. */
export function readCostDirectives(supergraphSdl: string): CostDirectives {
  const document = parse(supergraphSdl, { noLocation: true });
  const out: CostDirectives = { fieldWeight: new Map(), typeWeight: new Map(), listSize: new Map() };
  const weightOf = (directives: readonly ConstDirectiveNode[] | undefined) => {
    const d = directives?.find((x) => x.name.value === 'cost');
    return d ? int(arg(d, 'weight')) : undefined;
  };
  for (const def of document.definitions) {
    if (!('name' in def) || !def.name || !('directives' in def)) continue;
    const type = def.name.value;
    const typeWeight = weightOf(def.directives as readonly ConstDirectiveNode[] | undefined);
    if (typeWeight !== undefined) out.typeWeight.set(type, typeWeight);
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.INTERFACE_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION && def.kind !== Kind.INTERFACE_TYPE_EXTENSION) continue;
    for (const field of def.fields ?? []) {
      const key = `${type}.${field.name.value}`;
      const weight = weightOf(field.directives);
      if (weight !== undefined) out.fieldWeight.set(key, weight);
      const size = field.directives?.find((x) => x.name.value === 'listSize');
      if (!size) continue;
      const require = arg(size, 'requireOneSlicingArgument');
      out.listSize.set(key, {
        assumedSize: int(arg(size, 'assumedSize')),
        slicingArguments: strings(arg(size, 'slicingArguments')),
        sizedFields: strings(arg(size, 'sizedFields')),
        // The spec's default is true: a field that names slicing arguments needs one of them given.
        requireOneSlicingArgument: require?.kind === Kind.BOOLEAN ? require.value : true,
      });
    }
  }
  return out;
}
