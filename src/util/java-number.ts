/**
 * Java's Double.toString, which both Druid (STRING dimensions of floating-point columns) and the
 * engines (range bucket keys such as `100.0-*`) print numbers with: `12000.0`, `1.2E7`, `1.0E-4`.
 */
export function javaDouble(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e7 || abs < 1e-3)) {
    const [mant, exp] = n.toExponential().split('e') as [string, string];
    return `${mant.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
  }
  return Number.isInteger(n) ? `${n}.0` : String(n);
}
