/**
 * The suite's only source of randomness: a small seeded PRNG (mulberry32), so every run of one seed
 * sends the same bytes and a failure is reproducible. Seed from HOSTILE_SEED, default 232026.
 */
export const SEED = Number.parseInt(process.env.HOSTILE_SEED ?? '', 10) || 232026;

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  /** a string of `n` characters drawn from `alphabet` */
  string(n: number, alphabet?: string): string;
}

export function rng(seed: number, salt = ''): Rng {
  // the salt (a dialect's name) gives each generator its own stream, so adding cases to one dialect
  // leaves the others' bytes unchanged
  let a = seed >>> 0;
  for (let i = 0; i < salt.length; i++) a = Math.imul(a ^ salt.charCodeAt(i), 0x9e3779b1) >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    string(n, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789') {
      // built in chunks: a megabyte string one character at a time would be slow
      const chunk = Array.from({ length: Math.min(n, 4096) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      return chunk.repeat(Math.ceil(n / Math.max(chunk.length, 1))).slice(0, n);
    },
  };
}
