import { writeFile } from 'node:fs/promises';
import { createCanvas } from '@napi-rs/canvas';
import type { ChartConfiguration, ChartDataset, ChartItem } from 'chart.js';
import type { ScaleFigures } from './scaleBench';

const PANEL = { width: 820, height: 520 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

type Point = { x: number; y: number };
type Series = { label: string; points: Point[]; dashed?: boolean };

/** One line per series over the chunk counts (log x), in a fixed palette; dashed lines for goals and the bucket. */
function panel(title: string, yTitle: string, series: Series[], logY: boolean): ChartConfiguration<'line', Point[]> {
  const datasets: ChartDataset<'line', Point[]>[] = series.map((s, i) => ({
    label: s.label,
    data: s.points,
    borderColor: s.label.startsWith('goal') ? '#888888' : COLOURS[i % COLOURS.length],
    backgroundColor: s.label.startsWith('goal') ? '#888888' : COLOURS[i % COLOURS.length],
    borderDash: s.dashed ? [6, 4] : [],
    pointRadius: s.label.startsWith('goal') ? 0 : 3,
    borderWidth: 2,
  }));
  return {
    type: 'line',
    data: { datasets },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      parsing: false,
      plugins: { title: { display: true, text: title, font: { size: 16 } }, legend: { position: 'bottom' } },
      scales: {
        x: {
          type: 'logarithmic',
          title: { display: true, text: 'chunks in the library' },
          ticks: { callback: (v) => (isPowerOf10(Number(v)) ? chunkCount(Number(v)) : '') },
        },
        y: {
          type: logY ? 'logarithmic' : 'linear',
          title: { display: true, text: yTitle },
          // Chart.js labels every log tick with the smallest tick's decimals ("100.000"); 1-2-5 steps, plainly.
          ticks: logY ? { callback: (v) => (isStep125(Number(v)) ? plain(Number(v)) : '') } : {},
        },
      },
    },
    plugins: [
      {
        id: 'white-background',
        beforeDraw: (chart) => {
          chart.ctx.save();
          chart.ctx.fillStyle = '#ffffff';
          chart.ctx.fillRect(0, 0, chart.width, chart.height);
          chart.ctx.restore();
        },
      },
    ],
  };
}

const mantissa = (v: number) => Number((v / 10 ** Math.floor(Math.log10(v))).toFixed(6));
const isPowerOf10 = (v: number) => v > 0 && mantissa(v) === 1;
const isStep125 = (v: number) => v > 0 && [1, 2, 5].includes(mantissa(v));
const plain = (v: number) => String(Number(v.toPrecision(3)));
const chunkCount = (v: number) => (v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v));

function panels(sizes: ScaleFigures[]): Array<ChartConfiguration<'line', Point[]>> {
  const at = (f: (s: ScaleFigures) => number | undefined): Point[] =>
    sizes.flatMap((s) => (f(s) === undefined ? [] : [{ x: s.chunks, y: f(s)! }]));
  const lat = (s: ScaleFigures, where: 'local' | 's3', mode: string, p: 'p50Ms' | 'p99Ms') =>
    s[where]?.latency.find((l) => l.mode === mode)?.[p];
  const span = (y: number): Point[] => [
    { x: sizes[0]!.chunks, y },
    { x: sizes[sizes.length - 1]!.chunks, y },
  ];
  const bucket = sizes.some((s) => s.s3);
  return [
    panel(
      'Indexing time',
      'seconds',
      [
        { label: 'load (add rows)', points: at((s) => s.loadSeconds) },
        { label: 'full-text index', points: at((s) => s.index.textSeconds) },
        {
          label: 'vector index (HNSW-SQ)',
          points: at((s) => (s.index.vectorSeconds > 0 ? s.index.vectorSeconds : undefined)),
        },
        { label: 'compaction', points: at((s) => s.index.compactSeconds) },
        { label: 'total', points: at((s) => s.buildSeconds) },
      ],
      true,
    ),
    panel(
      'Query latency, end to end (embedding included)',
      'milliseconds',
      [
        { label: 'vector p50', points: at((s) => lat(s, 'local', 'vector', 'p50Ms')) },
        { label: 'vector p99', points: at((s) => lat(s, 'local', 'vector', 'p99Ms')) },
        { label: 'hybrid p50', points: at((s) => lat(s, 'local', 'hybrid', 'p50Ms')) },
        { label: 'hybrid p99', points: at((s) => lat(s, 'local', 'hybrid', 'p99Ms')) },
        ...(bucket
          ? [
              { label: 'vector p50, S3 bucket', points: at((s) => lat(s, 's3', 'vector', 'p50Ms')), dashed: true },
              { label: 'hybrid p50, S3 bucket', points: at((s) => lat(s, 's3', 'hybrid', 'p50Ms')), dashed: true },
            ]
          : []),
        { label: 'goal p50 60 ms', points: span(60), dashed: true },
        { label: 'goal p99 250 ms', points: span(250), dashed: true },
      ],
      true,
    ),
    panel(
      'Peak memory (RSS)',
      'MiB',
      [
        { label: 'while loading and indexing', points: at((s) => s.buildPeakRssMb) },
        { label: 'while searching', points: at((s) => s.local.peakRssMb) },
        { label: 'JS heap, peak', points: at((s) => Math.max(s.buildPeakHeapMb, s.local.peakHeapMb)) },
        { label: 'goal 1 GiB', points: span(1024), dashed: true },
      ],
      true,
    ),
    panel(
      'ANN recall@10 against exact search',
      'recall@10',
      [
        { label: 'local (ef 200, re-rank x3)', points: at((s) => s.local.recallAt10) },
        ...(bucket
          ? [{ label: 'S3 bucket (ef 400, no re-rank)', points: at((s) => s.s3?.recallAt10), dashed: true }]
          : []),
        { label: 'goal 0.95', points: span(0.95), dashed: true },
      ],
      false,
    ),
  ];
}

/** The cost curve as one PNG of four panels, drawn by Chart.js on @napi-rs/canvas. */
export async function drawCurve(sizes: ScaleFigures[], caption: string, file: string): Promise<void> {
  const { Chart, registerables } = await import('chart.js');
  Chart.register(...registerables);
  const header = 40;
  const out = createCanvas(PANEL.width * 2, PANEL.height * 2 + header);
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#222222';
  ctx.font = '15px sans-serif';
  ctx.fillText(caption, 16, 26);
  panels(sizes).forEach((config, i) => {
    const canvas = createCanvas(PANEL.width, PANEL.height);
    // Chart.js draws on any 2D context; the napi-rs context implements the same interface.
    const chart = new Chart(canvas.getContext('2d') as unknown as ChartItem, config);
    ctx.drawImage(canvas, (i % 2) * PANEL.width, header + Math.floor(i / 2) * PANEL.height);
    chart.destroy();
  });
  await writeFile(file, out.toBuffer('image/png'));
}
