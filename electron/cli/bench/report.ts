import type { EmbedFigures } from './embedBench';
import type { IndexFigures, OcrFigures, PdfFigures, QueryFigures } from './indexBench';
import type { LongPdfFigures } from './longPdf';
import type { ScaleFigures } from './scaleBench';

export interface BenchReport {
  model: string;
  quantization: string;
  threads: number;
  /** The CPU's model name and the vector extensions that bound ONNX speed (AVX2, AVX-512, VNNI). */
  cpu: string;
  embedding?: EmbedFigures;
  indexing?: IndexFigures;
  latency?: QueryFigures[];
  pdf?: PdfFigures;
  ocr?: OcrFigures;
  longPdf?: LongPdfFigures;
  scale?: ScaleFigures;
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
    `model ${r.model} (${r.quantization}), ${r.threads} threads, ${r.cpu}`,
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
    ...(r.pdf ? [`pdf text layer: ${r.pdf.pages} pages, ${r.pdf.pagesPerSecond.toFixed(0)} pages/s`] : []),
    ...(r.ocr
      ? [
          `ocr: ${r.ocr.ocrPages} scanned pages, ${r.ocr.pagesPerSecond.toFixed(2)} pages/s (${(r.ocr.seconds / Math.max(r.ocr.ocrPages, 1)).toFixed(1)} s/page); first page reads: "${r.ocr.sample}"`,
        ]
      : []),
    ...(r.longPdf
      ? [
          `long pdf: ${r.longPdf.pages} pages -> ${r.longPdf.chunks} chunks in ${r.longPdf.seconds.toFixed(0)} s (${r.longPdf.pagesPerSecond.toFixed(1)} pages/s end to end), peak RSS ${r.longPdf.peakRssMb} MB`,
        ]
      : []),
    ...(r.scale
      ? [
          `scale: ${r.scale.chunks} chunks (built in ${r.scale.buildSeconds.toFixed(0)} s, ANN index ${r.scale.annIndexSeconds.toFixed(0)} s), ANN recall@10 vs exact ${r.scale.recallAt10.toFixed(3)}`,
          ...r.scale.latency.map(
            (l) => `scale query ${l.mode.padEnd(6)}: p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms`,
          ),
        ]
      : []),
  ];
  return lines.join('\n') + '\n';
}
