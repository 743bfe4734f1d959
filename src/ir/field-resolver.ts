/**
 * The one field resolver. `FieldResolver`: a name as a client writes it → the dataset's field, for
 * the dialects with public names (Shopware's DAL, Druid's columns): the dataset's `aliases` (Shopware
 * `price` is `price.gross`), `id` as its `idField`, its `relations` (which paths are to-many).
 * `usable` / `resolveIndexField`: what each use needs of a field (a keyword sub-field to group or
 * match exactly, a number to sum, a date to bucket), for translators, so that their 400s point at the
 * request part, and for the compiler, which checks the IR's index paths again with the same rules.
 * Request-scoped virtual fields stay each dialect's own (they reach the compiler as IR virtualFields).
 */
import { ProxyError } from '../errors/proxy-error.js';
import { lookupField, type DatasetSchema, type FieldInfo } from './schema.js';

/** `ordered`: numeric or date (min and max of dates are epoch milliseconds) */
export type FieldUse = 'group' | 'numeric' | 'ordered' | 'date' | 'count' | 'match' | 'exact';

/** A field checked for one use, with the engine path to use it by (the keyword sub-field of a text field to group on). */
export type UsableField = FieldInfo & { readonly target: string };

/** What of a dataset's configuration names fields (a catalog `Dataset` is one). */
export interface DatasetNames {
  readonly aliases?: Readonly<Record<string, string>>;
  readonly idField?: string;
  readonly relations?: Readonly<Record<string, { readonly path?: string; readonly many?: boolean }>>;
}

/** The field checked for `use`, or a typed error naming what is wrong (`field_type` at `origin`). */
export function usable(f: FieldInfo, use: FieldUse, origin?: string, shownAs: string = f.path): UsableField {
  const fail = (expected: 'numeric' | 'aggregatable' | 'date'): never => {
    throw new ProxyError({ kind: 'field_type', field: shownAs, expected, actual: f.type, at: { pointer: origin } });
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

export class FieldResolver {
  constructor(
    readonly schema: DatasetSchema,
    private readonly names: DatasetNames = {},
  ) {}

  /** The index path a public name stands for (an alias, `id`), whether or not the index has it. */
  path(name: string): string {
    // an own-property read: a name like `constructor` is never an alias
    const aliases = this.names.aliases;
    if (aliases && Object.prototype.hasOwnProperty.call(aliases, name)) return aliases[name] as string;
    return name === 'id' && this.names.idField ? this.names.idField : name;
  }

  /** The field a public name stands for, or undefined when the index has none. */
  find(name: string): FieldInfo | undefined {
    return this.schema.fields.get(this.path(name));
  }

  /** The field a public name stands for, or `unknown_field` (named as the client wrote it) at `origin`. */
  field(name: string, origin?: string): FieldInfo {
    const f = this.find(name);
    if (!f) throw new ProxyError({ kind: 'unknown_field', field: name, dataset: this.schema.dataset, at: { pointer: origin } });
    return f;
  }

  /** The field checked for `use` (see `usable`). */
  forUse(name: string, use: FieldUse, origin?: string): UsableField {
    return usable(this.field(name, origin), use, origin, name);
  }

  /** Whether an index path lies in a to-many association (an array of elements per document). */
  isToMany(path: string): boolean {
    for (const [key, r] of Object.entries(this.names.relations ?? {})) {
      if (!r.many) continue;
      if (path === key || (r.path !== undefined && (path === r.path || path.startsWith(`${r.path}.`)))) return true;
    }
    return false;
  }
}

/** For IR field names (already index paths): the field checked for `use`. */
export function resolveIndexField(schema: DatasetSchema, field: string, use: FieldUse, origin?: string): UsableField {
  return usable(lookupField(schema, field, origin), use, origin, field);
}
