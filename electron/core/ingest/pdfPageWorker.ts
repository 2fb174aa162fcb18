import { parentPort } from 'node:worker_threads';
import { toErrorData } from '../../shared/result';
import { openPdf, readPageText } from './pdf';
import type { PdfDocument } from './pdf';
import type { FromPageWorker, ToPageWorker } from './pdfPagePool';

// A helper of the thread reading a PDF: parses the pages it is asked for from its own copy of the document.
const port = parentPort!;
let open: { doc: number; pdf: Promise<PdfDocument> } | undefined;

async function drop(): Promise<void> {
  const was = open;
  open = undefined;
  await was?.pdf.then((d) => d.destroy()).catch(() => undefined);
}

async function read(msg: Extract<ToPageWorker, { type: 'read' }>): Promise<FromPageWorker> {
  if (open?.doc !== msg.doc) {
    await drop();
    if (!msg.bytes) throw new Error('the document was not sent');
    open = { doc: msg.doc, pdf: openPdf(msg.file, msg.bytes, true) };
  }
  const doc = await open.pdf;
  const texts: string[] = [];
  for (let n = msg.from; n <= msg.to; n++) {
    try {
      texts.push(await readPageText(doc, msg.file, n));
    } catch (err) {
      return { type: 'pages', doc: msg.doc, texts, error: toErrorData(err) };
    }
  }
  return { type: 'pages', doc: msg.doc, texts };
}

// One message at a time, in order: a close never overtakes the read before it.
let queue: Promise<unknown> = Promise.resolve();
port.on('message', (msg: ToPageWorker) => {
  queue = queue.then(async () => {
    if (msg.type === 'close') {
      if (open?.doc === msg.doc) await drop();
      return;
    }
    const reply = await read(msg).catch((err: unknown): FromPageWorker => ({
      type: 'pages',
      doc: msg.doc,
      texts: [],
      error: toErrorData(err),
    }));
    port.postMessage(reply);
  });
});
