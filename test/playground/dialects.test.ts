/** The playground's reading of each dialect's answer as tables, and the retargeting of a request to another dataset. */
import { describe, expect, it } from 'vitest';
import { dialectOf } from '../../playground/src/dialects.js';
import { EXAMPLES } from '../../playground/src/examples.js';

describe('answers as tables', () => {
  it('Relevance AI: rows, and the cluster route as rows per cluster plus its info', () => {
    const d = dialectOf('relevance');
    expect(d.tables({ results: [{ category: 'a', frequency: 2, p: { '50.0': 3 } }] })).toEqual([{ name: 'results', columns: ['category', 'frequency', 'p.50.0'], rows: [['a', 2, 3]] }]);
    const cluster = d.tables({ results: { c1: [{ maker: 'x', frequency: 1 }] }, info: { c1: { count: 1, percentage: 100 } } });
    expect(cluster.map((t) => [t.name, t.columns, t.rows])).toEqual([
      ['results', ['cluster', 'maker', 'frequency'], [['c1', 'x', 1]]],
      ['info', ['cluster', 'count', 'percentage'], [['c1', 1, 100]]],
    ]);
  });

  it("Nue: each field's rows, in Nue's envelope and in GraphQL's standard one", () => {
    const rows = [{ status: 'paid', sum: 3 }];
    for (const body of [{ data: { result: { aggregate_invoice: rows } } }, { data: { aggregate_invoice: rows } }]) {
      expect(dialectOf('nue').tables(body)).toEqual([{ name: 'aggregate_invoice', columns: ['status', 'sum'], rows: [['paid', 3]] }]);
    }
  });

  it('Shopware: buckets (nested results spread, their names and apiAlias dropped), ranges, metrics, then the data', () => {
    const tables = dialectOf('shopware').tables({
      total: 1,
      data: [{ id: 'p1', apiAlias: 'product' }],
      aggregations: {
        m: { name: 'm', buckets: [{ key: 'k', count: 2, 'avg-price': { extensions: [], name: 'avg-price', avg: 5 }, apiAlias: 'aggregation_bucket' }], apiAlias: 'm_aggregation' },
        bands: { name: 'bands', ranges: { '*-100': 1, '100-*': 0 }, apiAlias: 'bands_aggregation' },
        s: { name: 's', min: '1', max: '9', apiAlias: 's_aggregation' },
      },
    });
    expect(tables.map((t) => [t.name, t.columns, t.rows])).toEqual([
      ['m', ['key', 'count', 'avg-price.avg'], [['k', 2, 5]]],
      ['bands', ['key', 'count'], [['*-100', 1], ['100-*', 0]]],
      ['metrics', ['name', 'min', 'max'], [['s', '1', '9']]],
      ['data', ['id'], [['p1']]],
    ]);
  });

  it('Druid: groupBy events, timeseries results and topN lists as rows with their timestamp', () => {
    const d = dialectOf('druid');
    const ts = '2011-01-12T00:00:00.000Z';
    expect(d.tables([{ version: 'v1', timestamp: ts, event: { market: 'spot', rows: 2 } }])[0]!.rows).toEqual([[ts, 'spot', 2]]);
    expect(d.tables([{ timestamp: ts, result: { rows: 2 } }])[0]!.rows).toEqual([[ts, 2]]);
    expect(d.tables([{ timestamp: ts, result: [{ quality: 'a', idx: 1 }, { quality: 'b', idx: 0 }] }])[0]!.rows).toEqual([[ts, 'a', 1], [ts, 'b', 0]]);
  });

  it('Opendatasoft: one table per aggregation', () => {
    expect(dialectOf('opendatasoft').tables({ links: [], aggregations: { a: [{ x: 1 }], b: [{ y: 'z' }] } }).map((t) => t.name)).toEqual(['a', 'b']);
  });
});

describe('retargeting a request to another dataset', () => {
  it('moves the path segment, Druid\'s dataSource and Nue\'s field names', () => {
    expect(dialectOf('relevance').retarget('/latest/datasets/sales/aggregate', '{}', 'sales', 'orders').path).toBe('/latest/datasets/orders/aggregate');
    expect(dialectOf('shopware').retarget('/api/search/product', '{}', 'product', 'order').path).toBe('/api/search/order');
    expect(dialectOf('druid').retarget('/druid/v2', '{"dataSource": "testing", "x": "testing"}', 'testing', 'wiki')).toEqual({ path: '/druid/v2', body: '{"dataSource": "wiki", "x": "testing"}' });
    expect(dialectOf('nue').retarget('/graphql', '{ aggregate_sales { n: count(field: sales_x) } }', 'sales', 'orders').body).toBe('{ aggregate_orders { n: count(field: sales_x) } }');
  });

  it('every example is valid JSON (GraphQL for Nue) and names its dataset in its request', () => {
    for (const e of EXAMPLES) {
      if (dialectOf(e.dialect).editor === 'json') expect(() => JSON.parse(e.body), e.title).not.toThrow();
      expect(`${e.path} ${e.body}`, e.title).toContain(e.dataset);
    }
  });
});
