/** GET with query parameters against a test proxy, the JSON answer parsed. */
import type { Proxy } from '../../../helpers/harness.js';

export async function get(p: Proxy, path: string, params: Record<string, string | string[]> = {}): Promise<{ status: number; body: any }> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) q.append(k, x);
  const res = await fetch(`${p.base}${path}${q.size ? `?${q}` : ''}`);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
