import { join } from 'node:path';
import { EngineError } from '../../shared/result';
import { WorkerEmbedder } from '../embed/embedder';
import type { Embedder } from '../embed/embedder';
import type { ModelManifest } from '../embed/manifest';
import { readManifest } from '../embed/manifest';
import { TextTokenizer } from '../embed/tokenizer';
import type { ChunkOptions } from '../ingest/chunker';

/** Share of a chunk repeated in the next one, so a sentence cut at a chunk edge is still whole in one of them. */
const CHUNK_OVERLAP = 0.15;

const isInstalledName = (id: string) => id !== '.' && id !== '..' && !/[\\/:\0]/.test(id);

/** A model's manifest, tokenizer and embedding worker, each loaded on first use (engine start stays fast). */
export class ModelRuntime {
  private embedderPromise?: Promise<Embedder>;
  private tokenizerPromise?: Promise<TextTokenizer>;

  private constructor(
    readonly dir: string,
    readonly manifest: ModelManifest,
    private threads: number,
  ) {}

  static async open(modelsDir: string, modelId: string, threads: number): Promise<ModelRuntime> {
    const missing = () =>
      new EngineError(
        'ModelMissing',
        `Model "${modelId}" is not installed in ${modelsDir}. Run: clinote model import <folder>`,
        modelId,
      );
    // Only a folder directly in the models folder: an id like "../x" would load a model from anywhere on the disk.
    if (!isInstalledName(modelId)) throw missing();
    const dir = join(modelsDir, modelId);
    const manifest = await readManifest(dir).catch(() => undefined);
    if (!manifest) throw missing();
    return new ModelRuntime(dir, manifest, threads);
  }

  get loaded(): boolean {
    return this.embedderPromise !== undefined;
  }

  embedder(): Promise<Embedder> {
    this.embedderPromise ??= WorkerEmbedder.start(this.dir, this.manifest, this.threads).catch((err: unknown) => {
      this.embedderPromise = undefined;
      throw err;
    });
    return this.embedderPromise;
  }

  tokenizer(): Promise<TextTokenizer> {
    this.tokenizerPromise ??= TextTokenizer.load(this.dir);
    return this.tokenizerPromise;
  }

  /** Content tokens per chunk: what fits the model after special tokens and the passage prefix, at most 256. */
  async chunkTokens(): Promise<number> {
    const prefix = this.manifest.passagePrefix ? (await this.tokenizer()).count(this.manifest.passagePrefix) : 0;
    // 256 tokens for BERT-sized models (a chunk is a passage a person reads, one finding or two); 512 for
    // long-context ones, whose memory per text grows quadratically past that (see MAX_ENCODE_TOKENS).
    const cap = this.manifest.maxTokens >= 1024 ? 512 : 256;
    return Math.max(32, Math.min(cap, this.manifest.maxTokens - 2 - prefix));
  }

  /** How this model's text is chunked: its token budget, 15 % overlap between neighbours, its own token counts. */
  async chunking(): Promise<ChunkOptions> {
    const maxTokens = await this.chunkTokens();
    const tokenizer = await this.tokenizer();
    return { maxTokens, overlapTokens: Math.round(maxTokens * CHUNK_OVERLAP), countTokens: (t) => tokenizer.count(t) };
  }

  async setThreads(threads: number): Promise<void> {
    if (threads === this.threads) return;
    this.threads = threads;
    const old = this.embedderPromise;
    this.embedderPromise = undefined;
    if (old) await (await old.catch(() => undefined))?.close();
  }

  async close(): Promise<void> {
    const e = this.embedderPromise;
    this.embedderPromise = undefined;
    if (e) await (await e.catch(() => undefined))?.close();
  }
}
