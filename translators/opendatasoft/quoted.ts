/**
 * A quoted literal or field name of Opendatasoft's two expression languages (the aggregate API's
 * expressions, syntax.ts, and ODSQL, explore/lexer.ts): a doubled quote stands for itself
 * (`'it''s'`); in ODSQL a backslash escapes the next character too (`'it\'s'`), which the older
 * syntax does not know.
 */
export function readQuoted(text: string, start: number, backslash: boolean): { readonly value: string; readonly end: number } | undefined {
  const q = text[start] as string;
  const parts: string[] = [];
  let j = start + 1;
  for (;;) {
    let k = j;
    while (k < text.length && text[k] !== q && !(backslash && text[k] === '\\')) k++;
    // unterminated (a backslash as the last character escapes nothing)
    if (k >= text.length || (text[k] === '\\' && k + 1 >= text.length)) return undefined;
    parts.push(text.slice(j, k));
    if (text[k] === '\\' || text[k + 1] === q) {
      parts.push(text[k + 1] as string);
      j = k + 2;
      continue;
    }
    return { value: parts.join(''), end: k + 1 };
  }
}
