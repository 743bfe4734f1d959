/** The exposed datasets, as each tenant sees them: the only way a request reaches an index. */
import type { AppConfig, DatasetConfig } from './config.js';
import { ProxyError } from '../errors/proxy-error.js';
import { AccessControl, mayRead, type Tenant } from '../auth/access.js';

export interface Dataset extends DatasetConfig {
  readonly name: string;
}

export class Catalog {
  private readonly byName: ReadonlyMap<string, Dataset>;
  readonly access: AccessControl;

  constructor(config: Pick<AppConfig, 'datasets' | 'auth'>) {
    // a Map, not an object lookup: names like `__proto__` or `constructor` must not resolve
    this.byName = new Map(Object.entries(config.datasets).map(([name, d]) => [name, { ...d, name }]));
    this.access = new AccessControl(config.auth);
  }

  /**
   * The dataset, or a 404-class error that reveals nothing about what else exists: a dataset
   * outside the tenant's set answers exactly as one that does not exist.
   */
  resolve(name: string, tenant: Tenant): Dataset {
    const ds = this.byName.get(name);
    if (!ds || !mayRead(tenant, name)) throw new ProxyError({ kind: 'unknown_dataset', dataset: name });
    return ds;
  }

  /** What the tenant may read. */
  list(tenant: Tenant): Dataset[] {
    return [...this.byName.values()].filter((d) => mayRead(tenant, d.name));
  }

  /** Every exposed dataset, for start-up work that serves no request (demo loading, schema warm-up). */
  all(): Dataset[] {
    return [...this.byName.values()];
  }
}
