/** Quoted literals of Opendatasoft's two expression languages: doubled quotes in both, backslashes in ODSQL only. */
import { describe, expect, it } from 'vitest';
import { readQuoted } from '../../../translators/opendatasoft/quoted.js';

describe('readQuoted', () => {
  it('reads a doubled quote as the quote, in both languages', () => {
    expect(readQuoted("'it''s' x", 0, false)).toEqual({ value: "it's", end: 7 });
    expect(readQuoted("'it''s' x", 0, true)).toEqual({ value: "it's", end: 7 });
    expect(readQuoted('`a b`', 0, false)).toEqual({ value: 'a b', end: 5 });
  });

  it('escapes with a backslash in ODSQL only', () => {
    expect(readQuoted("'it\\'s'", 0, true)).toEqual({ value: "it's", end: 7 });
    expect(readQuoted("'a\\\\b'", 0, true)).toEqual({ value: 'a\\b', end: 6 });
    expect(readQuoted("'a\\b'", 0, false)).toEqual({ value: 'a\\b', end: 5 });
  });

  it('says when a literal is unterminated', () => {
    expect(readQuoted("'abc", 0, false)).toBeUndefined();
    expect(readQuoted("'abc\\", 0, true)).toBeUndefined();
    expect(readQuoted("'abc\\'", 0, true)).toBeUndefined();
    expect(readQuoted("''", 0, true)).toEqual({ value: '', end: 2 });
  });
});
