/**
 * Per-document arithmetic over numeric fields (Opendatasoft virtual fields): evaluated for each
 * document before aggregation, as an engine script compiled from this tree (compiler/value-script.ts).
 * A missing field or a zero divisor makes the document's value null, and metrics skip nulls.
 */
export type ValueExpr =
  | { readonly kind: 'field'; readonly field: string }
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'neg'; readonly operand: ValueExpr }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: ValueExpr; readonly right: ValueExpr };

/** Fields an expression reads, in first-use order. */
export function valueFields(e: ValueExpr, out: string[] = []): string[] {
  switch (e.kind) {
    case 'field':
      if (!out.includes(e.field)) out.push(e.field);
      return out;
    case 'const':
      return out;
    case 'neg':
      return valueFields(e.operand, out);
    case 'binary':
      valueFields(e.left, out);
      return valueFields(e.right, out);
  }
}
