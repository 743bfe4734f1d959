/** Draws a ChartSpec with Chart.js (only the parts used are registered, to keep the bundle small). */
import { BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import type { ChartSpec } from './chart-spec.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLOURS = ['#2f6fdf', '#e8743b', '#19a979', '#ed4a7b', '#945ecf', '#13a4b4', '#bf399e', '#6c8893'];

let current: Chart | undefined;

export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec): void {
  current?.destroy();
  current = new Chart(canvas, {
    type: spec.type,
    data: {
      labels: [...spec.labels],
      datasets: spec.series.map((s, i) => ({
        label: s.axis === 'right' ? `${s.name} (right axis)` : s.name,
        data: [...s.values],
        backgroundColor: COLOURS[i % COLOURS.length],
        borderColor: COLOURS[i % COLOURS.length],
        borderWidth: spec.type === 'line' ? 2 : 0,
        pointRadius: spec.type === 'line' && spec.labels.length > 40 ? 0 : 3,
        spanGaps: true,
        yAxisID: s.axis === 'right' ? 'y1' : 'y',
      })),
    },
    // no animation: the chart is complete as soon as it is drawn (screenshots, tests)
    options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } }, scales: {
        y: { beginAtZero: spec.type === 'bar' },
        y1: { display: spec.series.some((s) => s.axis === 'right'), position: 'right', beginAtZero: spec.type === 'bar', grid: { drawOnChartArea: false } },
      } },
  });
}

export function clearChart(): void {
  current?.destroy();
  current = undefined;
}
