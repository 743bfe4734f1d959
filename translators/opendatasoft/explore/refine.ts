/**
 * refine / exclude: `field:value` facet filters. The value is raw (quotes optional); on a date field
 * it is a period prefix (`2016`, `2016/07`, `2016-07-15`), as the facets of a date field are.
 */
import type { Predicate } from '../../../src/ir/predicate.js';
import { findField, type DatasetSchema } from '../../../src/ir/schema.js';
import { OdsqlError } from './ast.js';
import { odsTypeName, periodRange } from './where.js';

const PERIOD = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$/;

/** `timeZone`: the request's; a date period is that zone's year, month or day. */
export function refinePredicate(schema: DatasetSchema, text: string, clause: 'refine' | 'exclude', timeZone = 'UTC'): Predicate {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new OdsqlError(`${clause} expects field:value`, clause, 0);
  const name = text.slice(0, colon).trim();
  let value = text.slice(colon + 1).trim();
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0] as string)) value = value.slice(1, -1);
  const f = findField(schema, name);
  if (!f) throw new OdsqlError(`Unknown field: ${name}`, clause, 0);
  const at = colon + 1;
  switch (f.category) {
    case 'numeric': {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n)) throw new OdsqlError(`'${value}' is not a number (field '${name}' is ${odsTypeName(f)})`, clause, at);
      return { kind: 'term', field: f.path, value: n };
    }
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw new OdsqlError(`'${value}' is not a boolean`, clause, at);
      return { kind: 'term', field: f.path, value: value === 'true' };
    case 'date': {
      const m = PERIOD.exec(value);
      if (!m) throw new OdsqlError(`'${value}' is not a date period (yyyy, yyyy/MM or yyyy/MM/dd)`, clause, at);
      return periodRange(f.path, Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3]), timeZone);
    }
    case 'keyword':
    case 'text':
      if (!f.exactPath) throw new OdsqlError(`field '${name}' cannot be refined on`, clause, 0);
      return { kind: 'term', field: f.path, value };
    default:
      throw new OdsqlError(`field '${name}' (${odsTypeName(f)}) cannot be refined on`, clause, 0);
  }
}
