import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { EngineError } from '../../shared/result';
import { readJson } from './sourceFolder';

/**
 * tokenizer.json through tokenizers.js, plus the truncation it lacks. Truncation cuts the content tokens and keeps
 * the special tokens the post-processor adds ([CLS] ... [SEP]), which is what the Rust library does for one sequence.
 */
export class TextTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    private readonly prefix: number[],
    private readonly suffix: number[],
  ) {}

  static async load(modelDir: string): Promise<TextTokenizer> {
    const file = join(modelDir, 'tokenizer.json');
    const json = await readTokenizerJson(file);
    const config = (await readJson(join(modelDir, 'tokenizer_config.json'))) ?? {};
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(json, config);
    } catch (err) {
      throw new EngineError('BadInput', `${file} is not a tokenizer Clinote can load: ${(err as Error).message}`, file);
    }
    const probe = 'a';
    const bare = tokenizer.encode(probe, { add_special_tokens: false }).ids;
    const full = tokenizer.encode(probe, { add_special_tokens: true }).ids;
    const at = indexOfRun(full, bare);
    if (at < 0) throw new EngineError('BadInput', `Unsupported post-processor in ${file}.`, file);
    return new TextTokenizer(tokenizer, full.slice(0, at), full.slice(at + bare.length));
  }

  /** Content tokens only (no special tokens), for counting and chunking. */
  contentIds(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  /** Model input ids: special tokens added, total length at most maxTokens. */
  encode(text: string, maxTokens: number): number[] {
    const room = maxTokens - this.prefix.length - this.suffix.length;
    const ids = this.contentIds(text);
    return [...this.prefix, ...(ids.length > room ? ids.slice(0, room) : ids), ...this.suffix];
  }

  count(text: string): number {
    return this.contentIds(text).length;
  }
}

function indexOfRun(haystack: number[], needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** tokenizer.json parsed, or an error naming the file: missing is ModelMissing, unparsable is BadInput. */
export async function readTokenizerJson(file: string): Promise<Record<string, unknown>> {
  const json = await readJson(file);
  if (json === undefined) throw new EngineError('ModelMissing', `Can't read ${file}.`, file);
  if (Array.isArray(json)) throw new EngineError('BadInput', `${file} is not a tokenizer (a JSON array).`, file);
  return json;
}

/**
 * The highest id a tokenizer.json can emit: its model's vocabulary (an object of token -> id for WordPiece and BPE,
 * an array of pieces for Unigram) and its added tokens.
 */
export function maxTokenId(json: Record<string, unknown>): number {
  const model = json.model as { vocab?: unknown } | undefined;
  const vocab = model?.vocab;
  let max = -1;
  if (Array.isArray(vocab)) max = vocab.length - 1;
  else if (vocab && typeof vocab === 'object') {
    for (const id of Object.values(vocab)) if (typeof id === 'number' && id > max) max = id;
  }
  for (const t of (json.added_tokens as Array<{ id?: unknown }> | undefined) ?? []) {
    if (typeof t.id === 'number' && t.id > max) max = t.id;
  }
  return max;
}
