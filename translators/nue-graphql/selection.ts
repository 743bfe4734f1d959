/**
 * Collects an aggregate field's selections — through fragments, inline fragments and
 * @skip/@include — with each one's response key (alias) and argument values.
 */
import {
  GraphQLIncludeDirective, GraphQLSkipDirective, Kind, getArgumentValues, getDirectiveValues,
  type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo, type SelectionSetNode,
} from 'graphql';

export interface Selected {
  readonly key: string;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly node: FieldNode;
}

export function collectSelections(info: GraphQLResolveInfo, rowType: GraphQLObjectType): Selected[] {
  const out = new Map<string, Selected>();
  // a fragment spread twice in one row selects the same fields: visit it once, as graphql-js's execution does
  const visited = new Set<string>();
  const included = (node: { directives?: readonly unknown[] } & Parameters<typeof getDirectiveValues>[1]): boolean => {
    const skip = getDirectiveValues(GraphQLSkipDirective, node, info.variableValues);
    if (skip?.if === true) return false;
    const include = getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues);
    return include?.if !== false;
  };
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const s of set?.selections ?? []) {
      if (!included(s)) continue;
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        if (out.has(key)) continue; // validation guarantees same-key selections are identical
        const def = rowType.getFields()[s.name.value];
        const args = def ? getArgumentValues(def, s, info.variableValues) : {};
        out.set(key, { key, name: s.name.value, args, node: s });
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        visit(s.selectionSet);
      } else if (!visited.has(s.name.value)) {
        visited.add(s.name.value);
        visit(info.fragments[s.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return [...out.values()];
}
