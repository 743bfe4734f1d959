/** An ISO 8601 instant as Opendatasoft prints datetimes in both its APIs: whole seconds, `+00:00`. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z').replace(/Z$/, '+00:00');
}
