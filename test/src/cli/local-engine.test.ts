/** The engine URL handed over by scripts/engine.sh is taken only when it is exactly a URL. */
import { describe, expect, it } from 'vitest';
import { parseEngineUrl } from '../../../src/cli/local-engine.js';

describe('parseEngineUrl', () => {
  it('takes the URL line the script writes', () => {
    expect(parseEngineUrl('http://127.0.0.1:19200\n')).toBe('http://127.0.0.1:19200');
  });

  it('refuses anything polluted, naming what it found (Maven colour resets, log lines)', () => {
    expect(() => parseEngineUrl('\x1B[0m\x1B[0mhttp://127.0.0.1:19200\n')).toThrow(/\\u001b\[0m/);
    expect(() => parseEngineUrl('[engine] healthy\nhttp://127.0.0.1:19200\n')).toThrow(/not an engine URL/);
    expect(() => parseEngineUrl('')).toThrow(/not an engine URL/);
  });
});
