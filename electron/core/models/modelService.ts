import { EngineError } from '../../shared/result';
import type { ModelInfo } from '../../shared/types';
import type { Database } from '../db/database';
import type { IndexMetaFile } from '../db/indexMeta';
import { DEFAULT_MODEL_HUB_ID, DEFAULT_MODEL_ORDER } from '../embed/catalog';
import { listInstalledModels } from '../embed/models';
import type { ChunkIndex } from '../index/chunkIndex';
import { LanceChunkIndex } from '../index/lanceChunkIndex';
import { CHUNK_TABLE_PREFIX, chunksTableName } from '../index/schema';
import type { Library } from '../library/library';
import { ModelRuntime } from './modelRuntime';

/** The model searches and imports use, with its own chunk index. */
export interface ActiveModel {
  runtime: ModelRuntime;
  index: ChunkIndex;
}

export interface ModelServiceOptions {
  modelsDir: string;
  /** Model for an index that has none yet; defaults to MedEmbed-small, else the first installed. */
  preferredId?: string;
  threads: number;
}

/**
 * Which model is active, loaded on first use so the engine starts without touching ONNX. The index remembers its
 * model; another installed model becomes active only through a completed switch (models/modelSwitch.ts).
 */
export class ModelService {
  private active?: Promise<ActiveModel>;
  private readonly indexes = new Map<string, Promise<ChunkIndex>>();

  constructor(
    private readonly opts: ModelServiceOptions,
    private readonly db: Database,
    private readonly library: Library,
    private readonly meta: IndexMetaFile,
  ) {}

  get modelsDir(): string {
    return this.opts.modelsDir;
  }

  /** The active model and its index; ModelMissing when nothing usable is installed. */
  current(): Promise<ActiveModel> {
    this.active ??= this.resolveId().then(async (id) => {
      const runtime = await ModelRuntime.open(this.opts.modelsDir, id, this.opts.threads);
      const index = await this.indexFor(runtime);
      await this.meta.update((m) => ({
        ...m,
        activeModel: id,
        models: { ...m.models, [id]: { dims: runtime.manifest.dims, complete: true } },
      }));
      return { runtime, index };
    });
    this.active.catch(() => (this.active = undefined));
    return this.active;
  }

  /** The active model if it is already open; never loads one. */
  async ifOpen(): Promise<ActiveModel | undefined> {
    return this.active?.catch(() => undefined);
  }

  /** A model's chunk index, opened once and swept of rows no committed document version names. */
  indexFor(runtime: ModelRuntime): Promise<ChunkIndex> {
    const { id, dims } = runtime.manifest;
    return this.cached(chunksTableName(id), () => LanceChunkIndex.open(this.db, id, dims));
  }

  /** Every chunk index on disk, of installed models or not: a removal must purge the text from all of them. */
  async allIndexes(): Promise<ChunkIndex[]> {
    const names = (await this.db.tableNames()).filter((n) => n.startsWith(CHUNK_TABLE_PREFIX));
    // A table's name is its model id made safe ("all-minilm-l6-v2" -> "all_minilm_l6_v2"); the index cached here is
    // the one searches use later, so it must carry the real id (the team library and responses compare ids).
    const ids = new Map(Object.keys(this.meta.current.models).map((id) => [chunksTableName(id), id]));
    return Promise.all(
      names.map((name) => this.cached(name, () => LanceChunkIndex.openTable(this.db, name, ids.get(name)))),
    );
  }

  private cached(table: string, open: () => Promise<ChunkIndex>): Promise<ChunkIndex> {
    let index = this.indexes.get(table);
    if (!index) {
      index = open().then(async (i) => {
        // A library attached read-only is another workstation's to repair.
        if (!this.db.readOnly) await i.sweep(this.library.liveVersions());
        return i;
      });
      index.catch(() => this.indexes.delete(table));
      this.indexes.set(table, index);
    }
    return index;
  }

  async open(modelId: string): Promise<ModelRuntime> {
    return ModelRuntime.open(this.opts.modelsDir, modelId, this.opts.threads);
  }

  /** Makes `runtime` the active model once its index holds every document (called by the switch). */
  async activate(runtime: ModelRuntime): Promise<void> {
    const index = await this.indexFor(runtime);
    const old = await this.ifOpen();
    await this.meta.update((m) => ({
      ...m,
      activeModel: runtime.manifest.id,
      models: { ...m.models, [runtime.manifest.id]: { dims: runtime.manifest.dims, complete: true } },
    }));
    this.active = Promise.resolve({ runtime, index });
    if (old && old.runtime !== runtime) await old.runtime.close();
  }

  /** The id of the model the library uses, or would use; null when none is installed. Never loads it. */
  async activeId(): Promise<string | null> {
    return this.meta.current.activeModel ?? (await this.resolveId().catch(() => null));
  }

  async list(): Promise<ModelInfo[]> {
    const active = await this.activeId();
    return (await listInstalledModels(this.opts.modelsDir)).map((m) => ({
      id: m.id,
      dims: m.dims,
      pooling: m.pooling,
      maxTokens: m.maxTokens,
      quantization: m.quantization,
      source: m.source,
      licence: m.licence,
      active: m.id === active,
    }));
  }

  async setThreads(threads: number): Promise<void> {
    this.opts.threads = threads;
    await (await this.ifOpen())?.runtime.setThreads(threads);
  }

  private async resolveId(): Promise<string> {
    const installed = (await listInstalledModels(this.opts.modelsDir)).map((m) => m.id);
    const { activeModel } = this.meta.current;
    const wanted = [activeModel, this.opts.preferredId, ...DEFAULT_MODEL_ORDER];
    for (const id of wanted) if (id && installed.includes(id)) return id;
    if (activeModel) {
      throw new EngineError(
        'ModelMissing',
        `This library was built with the model "${activeModel}", which is not installed. Install it again (import its folder) to search.`,
        activeModel,
      );
    }
    if (installed[0]) return installed[0];
    throw new EngineError(
      'ModelMissing',
      `No embedding model is installed in ${this.opts.modelsDir}. Import a model folder (or fetch ${DEFAULT_MODEL_HUB_ID} when online).`,
    );
  }

  async close(): Promise<void> {
    await (await this.ifOpen())?.runtime.close();
    for (const index of this.indexes.values()) (await index.catch(() => undefined))?.close();
  }
}
