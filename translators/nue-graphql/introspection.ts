/**
 * With `nue.introspection: false`: graphql-js's own NoSchemaIntrospectionCustomRule refuses
 * `__schema` and `__type` (`__typename` stays: clients such as Apollo's cache add it), each refusal
 * coded INTROSPECTION_DISABLED; and validation errors stop suggesting names ("Did you mean …?"),
 * which would otherwise hand the schema out field by field. graphql-armor's block-field-suggestions
 * plugin does the latter, but is not a dependency here: its whole effect is this message rewrite.
 */
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationRule } from 'graphql';

export const INTROSPECTION_DISABLED = 'INTROSPECTION_DISABLED';

/** The extra validation rules for the configured introspection setting. */
export function introspectionRules(introspection: boolean): readonly ValidationRule[] {
  return introspection ? [] : [NoSchemaIntrospectionCustomRule];
}

const SUGGESTION = /\s*Did you mean .*\?$/s;
const INTROSPECTION_REFUSED = /^GraphQL introspection has been disabled/;

/** The message, without its "Did you mean …?" when introspection is off. */
export function hideSuggestions(message: string, introspection: boolean): string {
  return introspection ? message : message.replace(SUGGESTION, '');
}

/**
 * A validation error as answered: an introspection refusal gets its code, and with introspection
 * off no error names a field, type or argument the client did not write.
 */
export function answeredValidationError(e: GraphQLError, introspection: boolean): Record<string, unknown> {
  const json = e.toJSON();
  if (introspection) return { ...json, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
  const code = INTROSPECTION_REFUSED.test(e.message) ? INTROSPECTION_DISABLED : 'GRAPHQL_VALIDATION_FAILED';
  return { ...json, message: hideSuggestions(e.message, false), extensions: { code } };
}
