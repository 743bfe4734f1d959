/**
 * The `variables` of a request, checked before graphql-js coerces them: an object (or absent),
 * nested no deeper than limits.maxDepth. Coercion and the `where` lowering recurse per level;
 * this walk does not, so a 5,000-deep `{"not": {"not": …}}` is refused without touching the stack.
 */
import { GraphQLError } from 'graphql';
import type { Limits } from '../../src/policy/limits.js';
import { documentLimitError } from './document-limits.js';

export type Variables = Record<string, unknown>;

/** Depth of a JSON value (a scalar is 0, `{}` and `[]` are 1), walked with an explicit stack. */
export function jsonDepth(value: unknown, stopAbove = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    const here = d + 1;
    if (here > deepest && (deepest = here) > stopAbove) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, here]);
  }
  return deepest;
}

/** The variables to execute with, or the GraphQL error to answer (400). */
export function checkVariables(variables: unknown, limits: Limits): { variables: Variables | undefined } | { error: GraphQLError } {
  if (variables === undefined || variables === null || variables === '') return { variables: undefined };
  if (typeof variables !== 'object' || Array.isArray(variables)) {
    return { error: new GraphQLError('Variables must be provided as an object.', { extensions: { code: 'BAD_REQUEST' } }) };
  }
  // the variables object itself is level 1; a value inside it is as deep as in the document
  if (jsonDepth(variables, limits.maxDepth + 1) > limits.maxDepth + 1) {
    return { error: documentLimitError('maxDepth', limits.maxDepth, 'Variables nesting') };
  }
  return { variables: variables as Variables };
}
