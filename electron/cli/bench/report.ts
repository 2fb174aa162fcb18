import type { EmbedFigures } from './embedBench';
import type { IndexFigures, OcrFigures, PdfFigures, QueryFigures } from './indexBench';
import type { LongPdfFigures } from './longPdf';
import type { CurveFigures } from './curve';
import type { ScaleFigures, SearchFigures, SearchReport } from './scaleBench';

export interface BenchReport {
  model: string;
  quantization: string;
  threads: number;
  /** The CPU's model name and the vector extensions that bound ONNX speed (AVX2, AVX-512, VNNI). */
  cpu: string;
  embedding?: EmbedFigures;
  indexing?: IndexFigures;
  latency?: QueryFigures[];
  pdf?: PdfFigures[];
  ocr?: OcrFigures[];
  longPdf?: LongPdfFigures;
  scale?: ScaleFigures;
  curve?: CurveFigures;
  /** The search half of --scale, from its own process. */
  search?: SearchReport;
}

/** The report as lines a person reads. */
export function formatReport(r: BenchReport): string {
  const e = r.embedding;
  const r0 = e?.reference;
  const ref = !r0
    ? ''
    : 'ratio' in r0
      ? ` | Python reference ${r0.tokensPerSecond.toFixed(0)} tok/s, ratio ${r0.ratio.toFixed(2)}`
      : ` | ${r0.error}`;
  const ix = r.indexing;
  const lines = [
    r.model ? `model ${r.model} (${r.quantization}), ${r.threads} threads, ${r.cpu}` : r.cpu,
    ...(e
      ? [`embedding: ${e.tokensPerSecond.toFixed(0)} tok/s over ${e.texts} chunks / ${e.tokens} tokens${ref}`]
      : []),
    ...(ix
      ? [
          `indexing: ${ix.notes} notes -> ${ix.chunks} chunks, ${ix.notesPerSecond.toFixed(1)} notes/s, peak RSS ${ix.peakRssMb.toFixed(0)} MB`,
        ]
      : []),
    ...(r.latency ?? []).map(
      (l) =>
        `query ${l.mode.padEnd(7)}: p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms over ${l.chunks} chunks`,
    ),
    ...(r.pdf ?? []).map(
      (p) =>
        `pdf text layer, ${p.readers} page reader(s): ${p.pages} pages of ${p.files} files in ${p.seconds.toFixed(1)} s, ${p.pagesPerSecond.toFixed(0)} pages/s (x${(p.pagesPerSecond / r.pdf![0]!.pagesPerSecond).toFixed(2)})`,
    ),
    ...(r.ocr ?? []).map(
      (o) =>
        `ocr, ${o.workers} OCR worker(s): ${o.ocrPages} scanned pages in ${o.seconds.toFixed(1)} s, ${o.pagesPerSecond.toFixed(2)} pages/s (x${(o.pagesPerSecond / r.ocr![0]!.pagesPerSecond).toFixed(2)}); first page reads: "${o.sample}"`,
    ),
    ...(r.longPdf
      ? [
          `long pdf: ${r.longPdf.pages} pages -> ${r.longPdf.chunks} chunks in ${r.longPdf.seconds.toFixed(0)} s (${r.longPdf.pagesPerSecond.toFixed(1)} pages/s end to end), peak RSS ${r.longPdf.peakRssMb} MB`,
        ]
      : []),
    ...(r.scale ? scaleLines(r.scale) : []),
    ...(r.curve
      ? [...r.curve.sizes.flatMap(scaleLines), `cost curve: ${r.curve.plot} (figures in ${r.curve.data})`]
      : []),
  ];
  return lines.join('\n') + '\n';
}

function scaleLines(s: ScaleFigures): string[] {
  const search = (where: string, f: SearchFigures) => [
    `scale ${s.chunks} ${where}: recall@10 vs exact ${f.recallAt10.toFixed(3)} (ef ${f.ann.ef}, re-rank x${f.ann.refine}), first query ${f.firstQueryMs.toFixed(0)} ms, peak RSS ${f.peakRssMb} MB, heap ${f.peakHeapMb} MB`,
    ...f.latency.map(
      (l) =>
        `scale ${s.chunks} ${where} ${l.mode.padEnd(6)}: p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms (end to end, ${f.queries} queries)`,
    ),
  ];
  const ix = s.index;
  return [
    `scale ${s.chunks}: ${s.seeds} real seed chunks; load ${s.loadSeconds.toFixed(1)} s, full-text index ${ix.textSeconds.toFixed(1)} s, vector index ${ix.vectorSeconds.toFixed(1)} s, compaction ${ix.compactSeconds.toFixed(1)} s; peak RSS ${s.buildPeakRssMb} MB, heap ${s.buildPeakHeapMb} MB`,
    ...search('local', s.local),
    ...(s.s3
      ? [
          `scale ${s.chunks}: copied ${s.s3.copiedMb} MB to ${s.s3.uri} in ${s.s3.copySeconds.toFixed(0)} s`,
          ...search('s3', s.s3),
        ]
      : []),
    `scale ${s.chunks}: process peak RSS ${s.buildMaxRssMb} MB building (with the seed embedding), ${s.searchMaxRssMb} MB searching`,
  ];
}
