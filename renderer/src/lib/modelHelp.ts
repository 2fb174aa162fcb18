import type { Host } from './platform/types';

/**
 * How a person gets a search model, in the words of where they are. The desktop app has no command line to point
 * to; the browser harness runs from a checkout, where the `clinote` command is at hand.
 */
export interface ModelHelp {
  advice: string;
  /** A command to copy; only where there is a terminal with the CLI. */
  command?: string;
}

export function modelHelp(kind: Host['kind']): ModelHelp {
  if (kind === 'electron') {
    return {
      advice:
        'Searching and importing need an embedding model on this computer. Copy a model folder (a Clinote model ' +
        'folder holds model.onnx, tokenizer.json and manifest.json) into the models folder — Settings → Search model shows ' +
        'it and opens it for you — then try again.',
    };
  }
  return {
    advice:
      'Searching and importing need an embedding model on this computer. Import a model folder (an ONNX model with its tokenizer.json) with this command, then try again:',
    command: 'clinote model import <folder>',
  };
}
