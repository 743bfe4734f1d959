/** A group key's value as the IR carries it: what one bucket of a grouping stands for. */
export type KeyValue = string | number | boolean | null;
