import type { PDFDocumentProxy, TextLayer } from 'pdfjs-dist';
import { centerIn } from '../dom';
import { loadPdfJs } from './pdfjs';
import { findInItems } from './textMatch';

interface PageSlot {
  el: HTMLElement;
  rendered?: Promise<TextLayer>;
}

const MARK_CLASS = 'pdf-hit';

/**
 * Pages are laid out as sized placeholders and rendered (canvas + text layer) when they come near the viewport, so
 * opening page 180 of a long guideline doesn't render the 179 before it.
 */
export class PdfViewer {
  private doc: PDFDocumentProxy | null = null;
  private slots: PageSlot[] = [];
  private observer: IntersectionObserver;
  private scale = 1;
  private marked: Array<{ div: HTMLElement; text: string }> = [];
  private destroyed = false;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly pagesEl: HTMLElement,
  ) {
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) void this.render(Number((entry.target as HTMLElement).dataset.page));
        }
      },
      { root: scroller, rootMargin: '800px 0px' },
    );
  }

  async load(bytes: Uint8Array): Promise<number> {
    const pdfjs = await loadPdfJs();
    // pdf.js transfers the buffer to its worker; a copy leaves the caller's bytes usable.
    this.doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
    if (this.destroyed) return 0;
    const first = await this.doc.getPage(1);
    const base = first.getViewport({ scale: 1 });
    this.scale = Math.max(0.5, Math.min(2, (this.scroller.clientWidth - 48) / base.width));
    const { width, height } = first.getViewport({ scale: this.scale });
    this.pagesEl.replaceChildren();
    this.slots = [];
    for (let n = 1; n <= this.doc.numPages; n++) {
      const el = document.createElement('div');
      el.className = 'pdf-page';
      el.dataset.page = String(n);
      el.setAttribute('aria-label', `Page ${n}`);
      el.style.width = `${width}px`;
      el.style.height = `${height}px`;
      this.pagesEl.append(el);
      this.slots.push({ el });
      this.observer.observe(el);
    }
    return this.doc.numPages;
  }

  private render(n: number): Promise<TextLayer> | undefined {
    const slot = this.slots[n - 1];
    if (!slot || !this.doc) return undefined;
    slot.rendered ??= this.paint(this.doc, n, slot.el);
    return slot.rendered;
  }

  private async paint(doc: PDFDocumentProxy, n: number, el: HTMLElement): Promise<TextLayer> {
    const pdfjs = await loadPdfJs();
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: this.scale });
    el.style.width = `${viewport.width}px`;
    el.style.height = `${viewport.height}px`;
    el.style.setProperty('--scale-factor', String(viewport.scale));
    el.style.setProperty('--total-scale-factor', String(viewport.scale));
    const ratio = window.devicePixelRatio || 1;
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.setAttribute('aria-hidden', 'true');
    const textEl = document.createElement('div');
    textEl.className = 'textLayer';
    el.replaceChildren(canvas, textEl);
    await page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] }).promise;
    const layer = new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: textEl, viewport });
    await layer.render();
    return layer;
  }

  /** Scrolls to `page` and marks `passage` in its text layer; false when the text couldn't be found there. */
  async show(page: number, passage: string): Promise<boolean> {
    const slot = this.slots[Math.min(Math.max(page, 1), this.slots.length) - 1];
    if (!slot) return false;
    this.scroller.scrollTop = slot.el.offsetTop - 16;
    const layer = await this.render(page);
    if (!layer || this.destroyed) return false;
    this.clearMarks();
    const ranges = findInItems(layer.textContentItemsStr, passage);
    if (!ranges) return false;
    for (const range of ranges) this.mark(layer.textDivs[range.item], range.start, range.end);
    const first = this.pagesEl.querySelector(`.${MARK_CLASS}`);
    if (first) centerIn(this.scroller, first);
    return true;
  }

  private mark(div: HTMLElement | undefined, start: number, end: number): void {
    if (!div) return;
    const text = div.textContent ?? '';
    this.marked.push({ div, text });
    // A <mark>, not a <span>: the text layer positions every span absolutely.
    const mark = document.createElement('mark');
    mark.className = MARK_CLASS;
    mark.textContent = text.slice(start, end);
    div.replaceChildren(text.slice(0, start), mark, text.slice(end));
  }

  private clearMarks(): void {
    for (const { div, text } of this.marked) div.textContent = text;
    this.marked = [];
  }

  destroy(): void {
    this.destroyed = true;
    this.observer.disconnect();
    void this.doc?.destroy();
    this.doc = null;
  }
}
