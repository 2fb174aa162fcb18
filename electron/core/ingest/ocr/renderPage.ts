/**
 * One PDF page as a PNG for OCR, drawn by pdf.js on a canvas from the document's own canvas factory (pdf.js's
 * @napi-rs/canvas), so pdf.js's scratch canvases and ours are the same build: canvases from two builds of the
 * native module cannot be drawn onto each other.
 */

/** Tesseract reads best with text about 20–30 px high: 300 dpi for ordinary print sizes. */
export const OCR_DPI = 300;
/** A poster-sized page at 300 dpi would need gigabytes; larger pages are drawn at a lower resolution instead. */
export const MAX_OCR_PIXELS = 24_000_000;

interface Viewport {
  width: number;
  height: number;
}
interface CanvasLike {
  width: number;
  height: number;
  toBuffer(mime: 'image/png'): Buffer;
}
interface ContextLike {
  fillStyle: unknown;
  fillRect(x: number, y: number, w: number, h: number): void;
}
interface CanvasAndContext {
  canvas: CanvasLike;
  context: ContextLike;
}
interface PageLike {
  getViewport(opts: { scale: number }): Viewport;
  render(opts: { canvasContext: ContextLike; canvas: CanvasLike; viewport: Viewport }): { promise: Promise<void> };
  cleanup(): void;
}
/** The slice of pdf.js's PDFDocumentProxy used here; pdf.ts hands the document over as `unknown`. */
export interface PdfDocLike {
  getPage(n: number): Promise<PageLike>;
  canvasFactory: { create(w: number, h: number): CanvasAndContext; destroy(c: CanvasAndContext): void };
}

/** The scale (pixels per PDF point) for a page of this size: OCR_DPI unless that would pass MAX_OCR_PIXELS. */
export function ocrScale(widthPt: number, heightPt: number, dpi = OCR_DPI, maxPixels = MAX_OCR_PIXELS): number {
  const scale = dpi / 72;
  const pixels = widthPt * scale * heightPt * scale;
  return pixels <= maxPixels ? scale : Math.sqrt(maxPixels / (widthPt * heightPt));
}

export async function renderPagePng(doc: PdfDocLike, pageNumber: number, dpi = OCR_DPI): Promise<Buffer> {
  const page = await doc.getPage(pageNumber);
  const base = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: ocrScale(base.width, base.height, dpi) });
  const target = doc.canvasFactory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  try {
    // Transparent pixels would binarise as black; scans are read on white paper.
    target.context.fillStyle = '#ffffff';
    target.context.fillRect(0, 0, target.canvas.width, target.canvas.height);
    await page.render({ canvasContext: target.context, canvas: target.canvas, viewport }).promise;
    return target.canvas.toBuffer('image/png');
  } finally {
    doc.canvasFactory.destroy(target);
    page.cleanup();
  }
}
