/**
 * pdf.js runs its parser in this thread under Node (its "fake worker"), and on some damaged files its parser leaves
 * a promise rejected with no handler (for one, an XRefEntryException while loading). Node ends the process on an
 * unhandled rejection: one bad PDF would take the engine down, and restart it into the same file. The failure also
 * reaches the read that caused it, which reports the file as unreadable, so these strays are only logged.
 */
const PDFJS_FRAME = /[\\/]pdfjs-dist[\\/]/;
let installed = false;

export function isPdfJsStray(reason: unknown): boolean {
  return reason instanceof Error && PDFJS_FRAME.test(reason.stack ?? '');
}

export function guardPdfJsRejections(warn: (message: string) => void = () => undefined): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    if (isPdfJsStray(reason)) {
      warn(`pdf.js: ${(reason as Error).message}`);
      return;
    }
    // Anything else keeps Node's default (end the process) unless the host handles rejections itself.
    if (process.listenerCount('unhandledRejection') === 1) throw reason;
  });
}
