/** Druid extraction functions, parsed (parse-extraction.ts); a leaf module so types.ts can name them. */
export type ExtractionFn =
  | { readonly type: 'identity' | 'strlen'; readonly at: string }
  | {
      readonly type: 'timeFormat';
      /** a Joda pattern; undefined: ISO-8601 with milliseconds */
      readonly format?: string;
      readonly timeZone: string;
      readonly locale?: string;
      /** a simple granularity name (none, hour, day, ...) applied before formatting */
      readonly granularity?: string;
      readonly asMillis: boolean;
      readonly at: string;
    }
  | { readonly type: 'bucket'; readonly size: number; readonly offset: number; readonly at: string }
  | { readonly type: 'substring'; readonly index: number; readonly length?: number; readonly at: string }
  | { readonly type: 'regex'; readonly expr: string; readonly index: number; readonly replaceMissingValue: boolean; readonly replaceMissingValueWith?: string; readonly at: string }
  | { readonly type: 'upper' | 'lower'; readonly locale?: string; readonly at: string }
  | { readonly type: 'cascade'; readonly fns: readonly ExtractionFn[]; readonly at: string }
  | { readonly type: 'searchQuery'; readonly query: Readonly<Record<string, unknown>>; readonly at: string }
  | { readonly type: 'stringFormat'; readonly format: string; readonly nullHandling: 'nullString' | 'emptyString' | 'returnNull'; readonly at: string }
  | { readonly type: 'partial'; readonly expr: string; readonly at: string };
