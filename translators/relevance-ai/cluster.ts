/**
 * The Cluster app's route: the same aggregation inside each cluster. A document's cluster label
 * lives at `_cluster_.<vector_field>.<alias>` (or `cluster_field`); unlabelled documents are left
 * out, and `info` gives each cluster's size and its share of the labelled documents.
 */
import type { GroupLevel, Predicate, RowPredicate } from '../../src/ir/nodes.js';
import type { DatasetSchema } from '../../src/ir/schema.js';
import type { AppConfig } from '../../src/catalog/config.js';
import { lowerAggregate, type RelevancePlan } from './lower.js';
import { CLUSTER_KEY } from './format.js';
import type { ClusterRequest } from './types.js';
import { COUNT_COLUMN } from '../../src/ir/names.js';

export function lowerCluster(req: ClusterRequest, dataset: string, schema: DatasetSchema, config: AppConfig): RelevancePlan {
  const field = req.cluster_field ?? `_cluster_.${req.vector_fields[0]}.${req.alias}`;
  const origin = req.cluster_field ? '/cluster_field' : '/vector_fields/0';
  const props = req.cluster_properties_filter ?? {};
  const minSize = props.minimum_cluster_size ?? 0;
  const having: RowPredicate | undefined = minSize > 0 ? { kind: 'compare', column: COUNT_COLUMN, op: 'gte', value: minSize } : undefined;
  const page = props.cluster_page ?? 1;
  const pageSize = props.cluster_page_size ?? null;
  const clusterLevel: GroupLevel = {
    keys: [{ kind: 'terms', name: CLUSTER_KEY, field, missing: 'exclude', origin }],
    metrics: [],
    post: [],
    order: [
      { column: COUNT_COLUMN, direction: 'desc', compare: 'natural' },
      { column: CLUSTER_KEY, direction: 'asc', compare: 'natural' },
    ],
    offset: pageSize === null ? 0 : (page - 1) * pageSize,
    limit: pageSize,
    ...(having ? { having } : {}),
  };
  const only: Predicate | undefined =
    req.cluster_ids && req.cluster_ids.length > 0
      ? { kind: 'terms', field, values: req.cluster_ids, origin: '/cluster_ids' }
      : undefined;
  // the request's own filters are lowered with its other parts, their problems collected together
  return lowerAggregate({ req, dataset, schema, config, outer: [clusterLevel], also: [{ kind: 'exists', field, origin }, only] });
}
