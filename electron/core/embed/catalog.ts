/**
 * What we know about the seed models when their folders don't say it themselves. sentence-transformers' own files
 * (modules.json, 1_Pooling/config.json, sentence_bert_config.json) win over this table when present.
 */
export interface CatalogEntry {
  hubId: string;
  id: string;
  pooling: 'cls' | 'mean';
  maxTokens: number;
  queryPrefix: string;
  passagePrefix: string;
  licence: string;
}

const BGE_QUERY = 'Represent this sentence for searching relevant passages: ';

export const CATALOG: CatalogEntry[] = [
  {
    hubId: 'abhinand/MedEmbed-small-v0.1',
    id: 'medembed-small-v0.1',
    pooling: 'cls',
    maxTokens: 512,
    queryPrefix: '',
    passagePrefix: '',
    licence: 'Apache-2.0',
  },
  {
    hubId: 'abhinand/MedEmbed-base-v0.1',
    id: 'medembed-base-v0.1',
    pooling: 'cls',
    maxTokens: 512,
    queryPrefix: '',
    passagePrefix: '',
    licence: 'Apache-2.0',
  },
  {
    hubId: 'abhinand/MedEmbed-large-v0.1',
    id: 'medembed-large-v0.1',
    pooling: 'cls',
    maxTokens: 512,
    queryPrefix: '',
    passagePrefix: '',
    licence: 'Apache-2.0',
  },
  {
    hubId: 'neuml/pubmedbert-base-embeddings',
    id: 'pubmedbert-base-embeddings',
    pooling: 'mean',
    maxTokens: 512,
    queryPrefix: '',
    passagePrefix: '',
    licence: 'Apache-2.0',
  },
  {
    hubId: 'Simonlee711/Clinical_ModernBERT',
    id: 'clinical-modernbert',
    pooling: 'mean',
    maxTokens: 8192,
    queryPrefix: '',
    passagePrefix: '',
    licence: 'MIT',
  },
  {
    hubId: 'BAAI/bge-small-en-v1.5',
    id: 'bge-small-en-v1.5',
    pooling: 'cls',
    maxTokens: 512,
    queryPrefix: BGE_QUERY,
    passagePrefix: '',
    licence: 'MIT',
  },
  {
    hubId: 'sentence-transformers/all-MiniLM-L6-v2',
    id: 'all-minilm-l6-v2',
    pooling: 'mean',
    maxTokens: 256,
    queryPrefix: '',
    passagePrefix: '',
    licence: 'Apache-2.0',
  },
];

export const DEFAULT_MODEL_HUB_ID = 'abhinand/MedEmbed-small-v0.1';

export function catalogByHubId(hubId: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.hubId.toLowerCase() === hubId.toLowerCase());
}

export function catalogById(id: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.id === id);
}

/**
 * The catalog entry an import refers to: its id, else the hub id that opens its source ("BAAI/bge-small-en-v1.5 via
 * Maven ..."), else its id without a quantisation suffix (bge-small-en-v1.5-int8 is bge-small-en-v1.5's int8 graph).
 */
export function catalogFor(id: string, source?: string): CatalogEntry | undefined {
  const hubId = source?.trim().split(/\s+/)[0];
  return (
    catalogById(id) ??
    (hubId ? catalogByHubId(hubId) : undefined) ??
    catalogById(id.replace(/[-_](q|qint8|int8|quantized)$/, ''))
  );
}

/** A folder or hub name turned into a model id: lower case, safe characters only. */
export function toModelId(name: string): string {
  const base = name.split('/').pop() ?? name;
  return base
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
