/**
 * GraphQL's Float accepts any numeric literal and parses `1e309` to Infinity, which then reaches
 * the engine as `null`: a literal that is not a finite number is a validation error, worded as
 * graphql-js words the same value sent as a variable.
 */
import { GraphQLError, type ASTVisitor, type FloatValueNode, type IntValueNode, type ValidationContext } from 'graphql';

export function FiniteNumberLiteralsRule(context: ValidationContext): ASTVisitor {
  const check = (node: FloatValueNode | IntValueNode): void => {
    if (!Number.isFinite(Number(node.value))) {
      context.reportError(new GraphQLError(`Float cannot represent non numeric value: ${node.value}`, { nodes: node }));
    }
  };
  return { FloatValue: check, IntValue: check };
}
