/** Resolves IR field names against the dataset schema, with errors that point at the request. */
import { lookupField, type DatasetSchema, type FieldInfo } from '../ir/schema.js';
import { ProxyError } from '../errors/proxy-error.js';

/** `ordered`: numeric or date (min and max of dates are epoch milliseconds) */
export type FieldUse = 'group' | 'numeric' | 'ordered' | 'date' | 'count' | 'match' | 'exact';


/** The engine field path to use for `use`, or a typed error naming what is wrong. */
export function resolveField(schema: DatasetSchema, field: string, use: FieldUse, origin?: string): FieldInfo & { readonly target: string } {
  const f = lookupField(schema, field, origin);
  const fail = (expected: 'numeric' | 'aggregatable' | 'date'): never => {
    throw new ProxyError({ kind: 'field_type', field, expected, actual: f.type, at: { pointer: origin } });
  };
  switch (use) {
    case 'numeric':
      if (f.category !== 'numeric') fail('numeric');
      return { ...f, target: f.path };
    case 'ordered':
      if (f.category !== 'numeric' && f.category !== 'date') fail('numeric');
      return { ...f, target: f.path };
    case 'date':
      if (f.category !== 'date') fail('date');
      return { ...f, target: f.path };
    case 'match':
      return { ...f, target: f.path };
    case 'group':
    case 'count':
    case 'exact':
      if (!f.exactPath) fail('aggregatable');
      return { ...f, target: f.exactPath as string };
  }
}
