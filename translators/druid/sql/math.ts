/**
 * Druid SQL's numeric functions over aggregates → Druid native expression functions, with Druid
 * SQL's result types: ABS and ROUND keep their argument's type, CEIL and FLOOR of a BIGINT are the
 * value itself (Calcite keeps BIGINT, and a long has nothing to round), SQRT and POWER are DOUBLE,
 * GREATEST/LEAST are BIGINT only when every argument is. Null in gives null out, as in Druid.
 */
import type { NativeType } from './scope.js';

export interface Typed {
  readonly text: string;
  readonly type: NativeType;
}

const ARITY: Readonly<Record<string, readonly [number, number]>> = {
  ABS: [1, 1], CEIL: [1, 1], FLOOR: [1, 1], ROUND: [1, 1], SQRT: [1, 1], POWER: [2, 2], GREATEST: [1, 64], LEAST: [1, 64],
};

export const isMathFunction = (name: string): boolean => name in ARITY;

/** The native text of `name(args)`; `wrongArity` reports the expected count in Calcite's words. */
export function mathCall(name: string, args: readonly Typed[], wrongArity: (message: string) => never): Typed {
  const [lo, hi] = ARITY[name] as readonly [number, number];
  if (args.length < lo || args.length > hi) {
    wrongArity(`Invalid number of arguments to function '${name}'. Was expecting ${lo === hi ? lo : `${lo} to ${hi}`} arguments`);
  }
  const [x] = args as [Typed];
  const list = args.map((a) => a.text).join(', ');
  switch (name) {
    case 'ABS':
    case 'ROUND':
      return { text: `${name.toLowerCase()}(${x.text})`, type: x.type };
    case 'CEIL':
    case 'FLOOR':
      return x.type === 'LONG' ? x : { text: `${name.toLowerCase()}(${x.text})`, type: 'DOUBLE' };
    case 'SQRT':
      return { text: `sqrt(${x.text})`, type: 'DOUBLE' };
    case 'POWER':
      return { text: `pow(${list})`, type: 'DOUBLE' };
    default:
      return { text: `${name.toLowerCase()}(${list})`, type: args.every((a) => a.type === 'LONG') ? 'LONG' : 'DOUBLE' };
  }
}
