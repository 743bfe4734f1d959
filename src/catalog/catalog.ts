/** The exposed datasets: the only way a request reaches an index. */
import type { AppConfig, DatasetConfig } from './config.js';
import { ProxyError } from '../errors/proxy-error.js';

export interface Dataset extends DatasetConfig {
  readonly name: string;
}

export class Catalog {
  private readonly byName: ReadonlyMap<string, Dataset>;

  constructor(config: Pick<AppConfig, 'datasets'>) {
    // a Map, not an object lookup: names like `__proto__` or `constructor` must not resolve
    this.byName = new Map(Object.entries(config.datasets).map(([name, d]) => [name, { ...d, name }]));
  }

  /** The dataset, or a 404-class error that reveals nothing about what else exists. */
  resolve(name: string): Dataset {
    const ds = this.byName.get(name);
    if (!ds) throw new ProxyError({ kind: 'unknown_dataset', dataset: name });
    return ds;
  }

  list(): Dataset[] {
    return [...this.byName.values()];
  }
}
