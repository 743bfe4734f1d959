/**
 * Typed arithmetic over a row's columns: post-aggregations (Druid arithmetic, Opendatasoft
 * `SUM(a) / SUM(b)`). The compiler turns it into a params-only bucket_script; the reader evaluates
 * the same tree when scripts are unavailable, with identical semantics (see reader/evaluate.ts).
 */
export type Expr =
  | { readonly kind: 'const'; readonly value: number }
  /** a metric or post-metric column of the same row; `part` selects from stats/percentiles */
  | { readonly kind: 'column'; readonly column: string; readonly part?: string }
  | { readonly kind: 'count' }
  | { readonly kind: 'neg'; readonly operand: Expr }
  | {
      readonly kind: 'binary';
      /** `div`: integer division (Druid's and SQL's long / long), truncated toward zero, null for a zero divisor */
      readonly op: '+' | '-' | '*' | '/' | 'div' | 'quotient' | 'pow';
      readonly left: Expr;
      readonly right: Expr;
      /** what `/` yields for a zero divisor: Druid says 0, SQL-like dialects null */
      readonly onZeroDivisor: 'zero' | 'null';
    }
  /**
   * Functions; any null argument gives null. `round` is half away from zero to an integer (Java's
   * RoundingMode.HALF_UP, as Druid's `round(x)`), `sqrt` of a negative is null (NaN has no JSON form).
   */
  | { readonly kind: 'call'; readonly fn: 'greatest' | 'least' | 'abs' | 'ceil' | 'floor' | 'round' | 'sqrt'; readonly args: readonly Expr[] };
