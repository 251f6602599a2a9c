import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, type GraphQLResolveInfo, type SelectionNode, type SelectionSetNode } from 'graphql';
import type { RegistryList } from './domain.ts';

/**
 * Which registry child lists an operation selects below a field, so the first registry call
 * already carries them (`include`) instead of a second round once the record is in. Fragments
 * and inline fragments count, and so do @skip/@include with this operation's variables, so a list
 * the operation turns off costs nothing.
 */
const LISTS_BY_FIELD: Record<string, RegistryList> = {
  changes: 'changes',
  annualReports: 'annualReports',
  abnormalListEntries: 'abnormalEntries',
  onAbnormalList: 'abnormalEntries',
  branches: 'branches',
};

/** Lists selected on the Registration reached by `path` from the current field (e.g. ['registration']). */
export function selectedLists(info: GraphQLResolveInfo, path: readonly string[] = []): RegistryList[] {
  const found = new Set<RegistryList>();
  const included = (sel: SelectionNode) =>
    getDirectiveValues(GraphQLSkipDirective, sel, info.variableValues)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, sel, info.variableValues)?.if !== false;
  const visit = (set: SelectionSetNode | undefined, depth: number): void => {
    for (const sel of set?.selections ?? []) {
      if (!included(sel)) continue;
      if (sel.kind === 'InlineFragment') visit(sel.selectionSet, depth);
      else if (sel.kind === 'FragmentSpread') visit(info.fragments[sel.name.value]?.selectionSet, depth);
      else if (depth === path.length) {
        const list = LISTS_BY_FIELD[sel.name.value];
        if (list) found.add(list);
      } else if (sel.name.value === path[depth]) visit(sel.selectionSet, depth + 1);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 0);
  return [...found];
}
