import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { EngineError } from '../../shared/result';

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
    const read = async (name: string, required: boolean) => {
      try {
        return JSON.parse(await readFile(join(modelDir, name), 'utf8')) as object;
      } catch (err) {
        if (!required) return {};
        throw new EngineError('ModelMissing', `Can't read ${join(modelDir, name)}: ${(err as Error).message}`, name);
      }
    };
    const tokenizer = new Tokenizer(await read('tokenizer.json', true), await read('tokenizer_config.json', false));
    const probe = 'a';
    const bare = tokenizer.encode(probe, { add_special_tokens: false }).ids;
    const full = tokenizer.encode(probe, { add_special_tokens: true }).ids;
    const at = indexOfRun(full, bare);
    if (at < 0) throw new EngineError('BadInput', `Unsupported post-processor in ${modelDir}/tokenizer.json.`);
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
