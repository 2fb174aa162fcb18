import type { EngineClient } from '../../../../electron/shared/transport/rpc';
import type { EngineStatus } from '../../../../electron/shared/types';
import { describeError } from '../errors';
import type { Describe, Problem } from '../errors';
import type { EngineState } from '../../../../electron/shared/transport/shell';
import type { Host } from '../platform/types';
import { JobsState } from './jobs.svelte';
import { LibraryState } from './library.svelte';
import { SearchState } from './search.svelte';
import { SettingsState } from './settings.svelte';
import { ViewerState } from './viewer.svelte';

export type View = 'search' | 'library' | 'settings';

/** The root of the UI's state. The only holder of the engine client; components get this object or its parts. */
export class AppState {
  view = $state<View>('search');
  status = $state.raw<EngineStatus | null>(null);
  engine = $state.raw<EngineState>({ state: 'connecting' });
  /** The latest error not tied to one place on screen. */
  problem = $state.raw<Problem | null>(null);
  dragging = $state(false);
  /** Drops and dialogs whose files are still being handed to the engine (uploads, the model loading). */
  preparing = $state(0);
  /** Known only once the engine answered: no model means nothing can be imported or searched yet. */
  modelMissing = $derived(this.status !== null && this.status.modelId === null);

  readonly jobs: JobsState;
  readonly library: LibraryState;
  readonly search: SearchState;
  readonly viewer: ViewerState;
  readonly settings: SettingsState;
  private readonly describe: Describe;

  constructor(
    private readonly client: EngineClient,
    readonly host: Host,
  ) {
    const describe = (err: unknown) => describeError(err, host.kind);
    this.describe = describe;
    const report = (err: unknown) => (this.problem = describe(err));
    this.jobs = new JobsState(client, report);
    this.library = new LibraryState(client, report);
    this.search = new SearchState(client, describe);
    this.viewer = new ViewerState(client, describe);
    this.settings = new SettingsState(client, report);
  }

  /** Subscribes to the engine and loads everything; returns the teardown. */
  start(): () => void {
    const stops = [
      this.client.on('jobs/progress', (p) => this.jobs.onProgress(p)),
      this.client.on('jobs/done', (summary) => {
        this.jobs.onDone(summary);
        void this.refreshStatus();
        void this.library.refresh();
        // A finished model switch changes the active model.
        void this.settings.refresh();
      }),
      this.client.on('documents/changed', () => {
        void this.library.refresh();
        void this.refreshStatus();
      }),
      this.host.onEngineState((state) => {
        const wasDown = this.engine.state !== 'ready';
        this.engine = state;
        // A restarted engine knows nothing of what we showed; reload it all.
        if (state.state === 'ready' && wasDown) void this.refresh();
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  async refresh(): Promise<void> {
    await Promise.all([this.refreshStatus(), this.library.refresh(), this.jobs.refresh(), this.settings.refresh()]);
  }

  async refreshStatus(): Promise<void> {
    try {
      this.status = await this.client.getStatus();
    } catch (err) {
      this.problem = this.describe(err);
    }
  }

  async importPaths(paths: string[]): Promise<void> {
    if (paths.length === 0) return;
    try {
      const { jobId } = await this.client.importFiles(paths);
      this.jobs.track(jobId, 'import');
    } catch (err) {
      this.problem = this.describe(err);
    }
  }

  /** Runs a host step that yields paths (a dialog, a drop, an upload) and imports them. */
  async importFrom(getPaths: () => Promise<string[]>): Promise<void> {
    this.preparing++;
    try {
      await this.importPaths(await getPaths());
    } catch (err) {
      this.problem = this.describe(err);
    } finally {
      this.preparing--;
    }
  }

  async reindex(ids: string[]): Promise<void> {
    const jobId = await this.library.reindex(ids);
    if (jobId) this.jobs.track(jobId, 'reindex', ids.length);
  }

  async switchModel(modelId: string): Promise<void> {
    const jobId = await this.settings.switchModel(modelId);
    if (jobId) this.jobs.track(jobId, 'switch');
    await this.refreshStatus();
  }

  openHit(index: number): void {
    const hit = this.search.hits[index];
    if (!hit) return;
    this.search.active = index;
    void this.viewer.open(hit, this.search.request());
  }
}
