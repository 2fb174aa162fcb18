import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError, toErrorData } from '../../shared/result';
import { teamLibraryRequestSchema } from '../../shared/schemas';
import type { PageText, TeamLibraryRequest, TeamLibraryStatus } from '../../shared/types';
import type { StorageSettings } from '../db/storage';
import { describeStorage, withEnvironment } from '../db/storage';
import type { ChunkIndex } from '../index/chunkIndex';
import type { DocumentRow } from '../library/schema';
import type { ModelService } from '../models/modelService';
import { readJson, writeJsonAtomic } from '../util/atomicJson';
import type { Logger } from '../util/logger';
import type { SearchIndex } from './federatedIndex';
import { FederatedIndex, TEAM_ID_PREFIX } from './federatedIndex';
import { TeamLibrary } from './teamLibrary';

const FILE = 'team-library.json';
/** After a failed connection, how long before a status or search tries again. */
const RETRY_MS = 30_000;

export interface TeamServiceDeps {
  dataDir: string;
  models: ModelService;
  log: Logger;
  /** Where AWS_* variables come from (the engine's environment). */
  env?: NodeJS.ProcessEnv;
  /** Whether to remember the attachment in the data folder (the app: yes; a CLI run's --team: no). */
  persist: boolean;
}

/** What a search needs from the team side: the index to search and team documents by their prefixed ids. */
export interface TeamSearch {
  index: SearchIndex;
  document(id: string): DocumentRow | undefined;
}

/**
 * The team library attached to this engine, read-only: remembered in the data folder (with any credentials typed
 * into Settings, mode 600), connected in the background at start so the engine never waits on the network, searched
 * only when it was built with the model this workstation searches with.
 */
export class TeamService {
  private team?: TeamLibrary;
  private request?: TeamLibraryRequest;
  private failure?: { message: string; at: number };
  private connecting?: Promise<void>;

  constructor(private readonly deps: TeamServiceDeps) {}

  /** Remembers the library attached in an earlier session; it is connected on first use, never at start. */
  async restore(): Promise<void> {
    const saved = await readJson(this.file, null).catch(() => null);
    const parsed = teamLibraryRequestSchema.safeParse(saved);
    if (saved !== null && !parsed.success)
      this.deps.log.warn(`${this.file} is damaged; attach the team library again.`);
    if (parsed.success) this.request = parsed.data;
  }

  /** Attaches from a request given here and now (Settings, or the CLI's --team). */
  async attach(request: TeamLibraryRequest): Promise<TeamLibraryStatus> {
    const team = await TeamLibrary.open(request.uri, this.storage(request));
    await this.closeTeam();
    this.team = team;
    this.request = request;
    this.failure = undefined;
    if (this.deps.persist) await writeJsonAtomic(this.file, request);
    return (await this.status())!;
  }

  async detach(): Promise<void> {
    this.request = undefined;
    this.failure = undefined;
    await this.closeTeam();
    await rm(this.file, { force: true });
  }

  async status(): Promise<TeamLibraryStatus | null> {
    const request = this.request;
    if (!request) return null;
    await this.ready();
    const base = { uri: request.uri, server: describeStorage(this.storage(request)), documents: 0, modelId: null };
    const team = this.team;
    if (!team) {
      return this.connecting
        ? { ...base, state: 'connecting' }
        : { ...base, state: 'unavailable', message: this.failure?.message };
    }
    // Asking for the status is a person checking: read the latest published version now.
    await team.refresh(true).catch((err: unknown) => this.noteFailure(err as Error));
    const known = { ...base, modelId: team.modelId, documents: team.documents, checkedAt: team.checkedAt };
    const mismatch = await this.modelMismatch(team);
    return mismatch ? { ...known, state: 'model-mismatch', message: mismatch } : { ...known, state: 'ready' };
  }

  /** The team side of a search with `local` (the active model's index), or undefined when it can't take part. */
  async forSearch(local: ChunkIndex): Promise<TeamSearch | undefined> {
    await this.ready();
    const team = this.team;
    if (!team || team.modelId !== local.modelId) return undefined;
    try {
      await team.refresh();
      const index = await team.chunkIndex(local.modelId, local.dims);
      return {
        index: new FederatedIndex(local, index, (err) => this.noteFailure(err)),
        document: (id) => {
          if (!id.startsWith(TEAM_ID_PREFIX)) return undefined;
          const row = team.get(id.slice(TEAM_ID_PREFIX.length));
          return row && { ...row, id };
        },
      };
    } catch (err) {
      this.noteFailure(err as Error);
      return undefined;
    }
  }

  isTeamDocument(id: string): boolean {
    return id.startsWith(TEAM_ID_PREFIX);
  }

  /** Where a team document was published from (what the audit log records when it is opened). */
  path(id: string): string | undefined {
    return this.team?.get(id.slice(TEAM_ID_PREFIX.length))?.path;
  }

  async text(id: string): Promise<PageText[]> {
    const { team, doc } = this.mustGet(id);
    await team.refresh();
    return (await team.pageTexts(doc.id, doc.contentHash)).map((p) => ({ page: p.page, text: p.text, ocr: p.ocr }));
  }

  /** The original file, when the path it was published from is readable here (a shared drive). */
  async bytes(id: string): Promise<Uint8Array> {
    const { doc } = this.mustGet(id);
    try {
      return new Uint8Array(await readFile(doc.path));
    } catch {
      throw new EngineError(
        'FileUnreadable',
        `${doc.path} is on the workstation that published it to the team library; its text is there to read instead.`,
        doc.path,
      );
    }
  }

  async close(): Promise<void> {
    await this.connecting;
    await this.closeTeam();
  }

  private mustGet(id: string): { team: TeamLibrary; doc: DocumentRow } {
    const doc = this.team?.get(id.slice(TEAM_ID_PREFIX.length));
    if (!this.team || !doc) throw new EngineError('BadInput', `No team document "${id}".`, id);
    return { team: this.team, doc };
  }

  /** Waits for a connection in progress; starts another if the last one failed long enough ago. */
  private async ready(): Promise<void> {
    if (!this.team && this.request && !this.connecting && Date.now() - (this.failure?.at ?? 0) > RETRY_MS) {
      this.reconnect();
    }
    await this.connecting;
  }

  private reconnect(): void {
    const request = this.request!;
    this.connecting = TeamLibrary.open(request.uri, this.storage(request))
      .then((team) => {
        if (this.request === request) this.team = team;
        else return team.close();
        this.failure = undefined;
      })
      .catch((err: unknown) => this.noteFailure(err as Error))
      .finally(() => (this.connecting = undefined));
  }

  private noteFailure(err: Error): void {
    const message = toErrorData(err).message;
    this.failure = { message, at: Date.now() };
    this.deps.log.warn(`team library ${this.request?.uri ?? ''}: ${message}`);
  }

  private async modelMismatch(team: TeamLibrary): Promise<string | undefined> {
    const wanted = team.modelId;
    const mine = await this.deps.models.activeId();
    if (!wanted || wanted === mine) return undefined;
    const installed = (await this.deps.models.list()).some((m) => m.id === wanted);
    return installed
      ? `The team library was built with the model "${wanted}"; this workstation searches with "${mine}". Switch to "${wanted}" to search both.`
      : `The team library was built with the model "${wanted}", which is not installed here. Install "${wanted}" (import its folder), then switch to it to search both.`;
  }

  /** Endpoint and credentials: what was typed into Settings, else the AWS_* variables. */
  private storage(r: TeamLibraryRequest): StorageSettings {
    const fromEnv = withEnvironment({}, this.deps.env);
    const typed = Object.fromEntries(
      Object.entries({
        endpoint: r.endpoint,
        region: r.region,
        accessKeyId: r.accessKeyId,
        secretAccessKey: r.secretAccessKey,
      }).filter(([, v]) => v !== undefined),
    );
    return { ...fromEnv, ...typed };
  }

  private get file(): string {
    return join(this.deps.dataDir, FILE);
  }

  private async closeTeam(): Promise<void> {
    const team = this.team;
    this.team = undefined;
    await team?.close();
  }
}
