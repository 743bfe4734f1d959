/** Which chart a table makes: bars for grouped answers, lines for time series. */
import { describe, expect, it } from 'vitest';
import { chartSpec } from '../../playground/src/chart-spec.js';
import { fromRecords } from '../../playground/src/tables.js';

describe('chartSpec', () => {
  it('draws bars for a grouped answer, one series per metric, a ten times smaller one on the right axis', () => {
    const t = fromRecords('results', [
      { category: 'home', frequency: 3, amount: 120.5 },
      { category: 'toys', frequency: 2, amount: 80 },
    ]);
    expect(chartSpec(t)).toEqual({
      type: 'bar',
      labels: ['home', 'toys'],
      metrics: ['frequency', 'amount'],
      series: [
        { name: 'frequency', values: [3, 2], axis: 'right' },
        { name: 'amount', values: [120.5, 80], axis: 'left' },
      ],
    });
    expect(chartSpec(t, 'amount')?.series).toEqual([{ name: 'amount', values: [120.5, 80], axis: 'left' }]);
  });

  it('draws lines for a time series, ordered by time, whatever the row order', () => {
    const t = fromRecords('per_month', [
      { month: '2023-02', amount: 5 },
      { month: '2023-01', amount: 7 },
    ]);
    expect(chartSpec(t)).toMatchObject({ type: 'line', labels: ['2023-01', '2023-02'], series: [{ name: 'amount', values: [7, 5] }] });
  });

  it('draws a line per group for a grouped time series, on a measure rather than the row count', () => {
    const t = fromRecords('results', [
      { country: 'France', year: '2023-01-01T00:00:00.000Z', frequency: 9, amount: 900 },
      { country: 'France', year: '2024-01-01T00:00:00.000Z', frequency: 8, amount: 800 },
      { country: 'Spain', year: '2024-01-01T00:00:00.000Z', frequency: 1, amount: 100 },
    ]);
    const spec = chartSpec(t)!;
    expect(spec.type).toBe('line');
    expect(spec.labels).toEqual(['2023-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
    expect(spec.series).toEqual([
      { name: 'France (amount)', values: [900, 800], axis: 'left' },
      { name: 'Spain (amount)', values: [null, 100], axis: 'left' },
    ]);
  });

  it("ignores a column with one value over many rows (topN's timestamp) and uses a numeric key when there is no other", () => {
    const topN = fromRecords('rows', [
      { timestamp: '2011-01-12T00:00:00.000Z', quality: 'premium', idx: 10 },
      { timestamp: '2011-01-12T00:00:00.000Z', quality: 'news', idx: 4 },
    ]);
    expect(chartSpec(topN)).toMatchObject({ type: 'bar', labels: ['premium', 'news'] });
    const histogram = fromRecords('results', [{ price: 0, frequency: 4 }, { price: 100, frequency: 2 }]);
    expect(chartSpec(histogram)).toMatchObject({ type: 'bar', labels: ['0', '100'], series: [{ name: 'frequency', values: [4, 2] }] });
  });

  it('draws one bar per metric for a single summary row, and nothing without numbers', () => {
    expect(chartSpec(fromRecords('r', [{ count: 5, sum: 100 }]))).toEqual({
      type: 'bar', labels: ['r'], metrics: ['count', 'sum'],
      series: [{ name: 'count', values: [5], axis: 'right' }, { name: 'sum', values: [100], axis: 'left' }],
    });
    expect(chartSpec(fromRecords('r', [{ id: 'a' }, { id: 'b' }]))).toBeUndefined();
    expect(chartSpec(fromRecords('r', []))).toBeUndefined();
  });
});
