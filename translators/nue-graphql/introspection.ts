/**
 * With `nue.introspection: false`: graphql-js's own NoSchemaIntrospectionCustomRule refuses
 * `__schema` and `__type` (`__typename` stays: clients such as Apollo's cache add it), each refusal
 * coded INTROSPECTION_DISABLED. Field suggestions ("Did you mean …?"), which would otherwise hand
 * the schema out name by name, are masked by graphql-armor's block-field-suggestions whenever
 * `nue.blockFieldSuggestions` says so (default: exactly when introspection is off).
 */
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationRule } from 'graphql';
import { blockFieldSuggestionsDefaultOptions, blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';

export const INTROSPECTION_DISABLED = 'INTROSPECTION_DISABLED';

/** The part of `nue` config that decides what errors may tell. */
export interface SchemaExposure {
  readonly introspection: boolean;
  readonly blockFieldSuggestions?: boolean;
}

export const blocksSuggestions = (nue: SchemaExposure): boolean => nue.blockFieldSuggestions ?? !nue.introspection;

/** The extra validation rules for the configured introspection setting. */
export function introspectionRules(introspection: boolean): readonly ValidationRule[] {
  return introspection ? [] : [NoSchemaIntrospectionCustomRule];
}

const MASK = blockFieldSuggestionsDefaultOptions.mask;
// armor's pattern is `Did you mean "…"?`; graphql-js also words enum and argument hints this way
const LEFTOVER_SUGGESTION = /Did you mean (?:the enum value )?".+"\?/gs;
const INTROSPECTION_REFUSED = /^GraphQL introspection has been disabled/;

type ValidateEnd = (payload: { valid: boolean; result: GraphQLError[]; setResult: (errors: GraphQLError[]) => void }) => void;
const armor = blockFieldSuggestionsPlugin();
// the plugin is written for envelop; its whole effect is its onValidate hook's end callback, run here directly
const armorValidateEnd = (armor.onValidate as unknown as (payload: object) => ValidateEnd)({});

/** Copies of `errors` (cached ones are never mutated) with their suggestions masked. */
export function maskSuggestions(errors: readonly GraphQLError[]): GraphQLError[] {
  let out = errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, originalError: e.originalError, extensions: e.extensions }));
  armorValidateEnd({ valid: false, result: out, setResult: (r) => { out = r; } });
  for (const e of out) e.message = e.message.replace(LEFTOVER_SUGGESTION, MASK).trim();
  return out;
}

/**
 * Validation errors as answered: an introspection refusal gets its code, every other one
 * GRAPHQL_VALIDATION_FAILED; with suggestions blocked no error names a field, type or argument
 * the client did not write.
 */
export function answeredValidationErrors(errors: readonly GraphQLError[], nue: SchemaExposure): Record<string, unknown>[] {
  const shown = blocksSuggestions(nue) ? maskSuggestions(errors) : errors;
  return shown.map((e) => ({ ...e.toJSON(), extensions: { code: INTROSPECTION_REFUSED.test(e.message) && !nue.introspection ? INTROSPECTION_DISABLED : 'GRAPHQL_VALIDATION_FAILED' } }));
}
