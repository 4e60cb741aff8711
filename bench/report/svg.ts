// latest.svg, written by hand: unary ENQUEUE and CLEAR_IO_IRQ throughput (left) and latency
// (right) against the queue depth, flic solid and the baseline dashed.

import type { Figure } from './figures.js';

interface Series {
  readonly label: string;
  readonly color: string;
  readonly dashed: boolean;
  readonly points: readonly (readonly [number, number])[];
}

const W = 480;
/** Plot area plus axis labels; the legend goes below. */
const PLOT_H = 300;
const LEGEND_ROW = 16;
const LEGEND_ROWS = 3;
const H = PLOT_H + LEGEND_ROWS * LEGEND_ROW + 10;
const M = { left: 70, right: 36, top: 36, bottom: 48 };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function niceMax(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

function tickLabel(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (v >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(2)}`;
}

function panel(x0: number, title: string, yLabel: string, xs: readonly number[], series: readonly Series[]): string {
  const pw = W - M.left - M.right;
  const ph = PLOT_H - M.top - M.bottom;
  const lx = xs.map((x) => Math.log10(x));
  const xmin = Math.min(...lx);
  const xmax = Math.max(...lx);
  const ymax = niceMax(Math.max(...series.flatMap((s) => s.points.map(([, y]) => y))) * 1.1);
  const px = (x: number): number => x0 + M.left + ((Math.log10(x) - xmin) / (xmax - xmin || 1)) * pw;
  const py = (y: number): number => M.top + ph - (y / ymax) * ph;
  const out: string[] = [];
  out.push(`<text x="${x0 + M.left + pw / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`);
  out.push(`<rect x="${x0 + M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  for (let i = 0; i <= 5; i++) {
    const v = (ymax * i) / 5;
    const y = py(v);
    out.push(`<line x1="${x0 + M.left}" x2="${x0 + M.left + pw}" y1="${y}" y2="${y}" stroke="#eee"/>`);
    out.push(`<text x="${x0 + M.left - 6}" y="${y + 4}" text-anchor="end" font-size="11">${tickLabel(v)}</text>`);
  }
  for (const x of xs) {
    out.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${M.top}" y2="${M.top + ph}" stroke="#eee"/>`);
    out.push(`<text x="${px(x)}" y="${M.top + ph + 16}" text-anchor="middle" font-size="11">${x.toLocaleString('en')}</text>`);
  }
  out.push(`<text x="${x0 + M.left + pw / 2}" y="${PLOT_H - 12}" text-anchor="middle" font-size="12">pending interrupts in the VM (log scale)</text>`);
  out.push(
    `<text x="${x0 + 16}" y="${M.top + ph / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 ${x0 + 16} ${M.top + ph / 2})">${esc(yLabel)}</text>`,
  );
  for (const s of series) {
    const d = s.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const [x, y] of s.points) out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
  }
  // Two columns under the plot.
  series.forEach((s, i) => {
    const ly = PLOT_H + 4 + (i % LEGEND_ROWS) * LEGEND_ROW;
    const lx0 = x0 + M.left + Math.floor(i / LEGEND_ROWS) * (pw / 2);
    out.push(`<line x1="${lx0}" x2="${lx0 + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(`<text x="${lx0 + 28}" y="${ly}" font-size="11">${esc(s.label)}</text>`);
  });
  return out.join('\n');
}

const COLORS = { ENQUEUE: '#1f77b4', CLEAR_IO_IRQ: '#d62728' } as const;

export function renderSvg(figures: readonly Figure[], depths: readonly number[], caption: string): string {
  const get = (id: string): Figure | undefined => figures.find((f) => f.id === id);
  const series = (suffix: string, side: 'flic' | 'baseline', op: keyof typeof COLORS, label: string): Series => ({
    label,
    color: COLORS[op],
    dashed: side === 'baseline',
    points: depths.flatMap((d) => {
      const f = get(`growth.depth.${d}.${op}${suffix}`);
      const v = f === undefined ? null : side === 'flic' ? f.flic : f.baseline;
      return v === null || !Number.isFinite(v) ? [] : [[d, v] as const];
    }),
  });
  const throughput = [
    series('', 'flic', 'ENQUEUE', 'flic ENQUEUE'),
    series('', 'flic', 'CLEAR_IO_IRQ', 'flic CLEAR_IO_IRQ'),
    series('', 'baseline', 'ENQUEUE', 'baseline ENQUEUE'),
    series('', 'baseline', 'CLEAR_IO_IRQ', 'baseline CLEAR_IO_IRQ'),
  ];
  const latency = [
    series('.p99', 'flic', 'ENQUEUE', 'flic ENQUEUE p99'),
    series('.p99', 'flic', 'CLEAR_IO_IRQ', 'flic CLEAR_IO_IRQ p99'),
    series('.p50', 'flic', 'ENQUEUE', 'flic ENQUEUE p50'),
    series('.p50', 'flic', 'CLEAR_IO_IRQ', 'flic CLEAR_IO_IRQ p50'),
    series('.p50', 'baseline', 'ENQUEUE', 'baseline ENQUEUE p50'),
    series('.p50', 'baseline', 'CLEAR_IO_IRQ', 'baseline CLEAR_IO_IRQ p50'),
  ].map((s) => (s.label.includes('p99') ? { ...s, color: s.color === COLORS.ENQUEUE ? '#7fb3e0' : '#ec8b8b' } : s));
  const width = 2 * W;
  const height = H + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    panel(0, 'Throughput (ENQUEUE + CLEAR_IO_IRQ run together)', 'calls/s', depths, throughput),
    panel(W, 'Latency per call (32 calls in flight)', 'ms', depths, latency),
    `<text x="${width / 2}" y="${height - 6}" text-anchor="middle" font-size="11" fill="#555">${esc(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
