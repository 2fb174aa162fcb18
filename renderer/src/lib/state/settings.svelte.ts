import type { EngineClient } from '../../../../electron/shared/transport/rpc';
import type { ModelInfo } from '../../../../electron/shared/types';
import type { Reporter } from './reporter';

/** Installed models and engine settings. */
export class SettingsState {
  models = $state.raw<ModelInfo[]>([]);
  /** Imported folders the engine keeps in sync. */
  folders = $state.raw<string[]>([]);
  /** The model the person picked and must confirm, since switching re-embeds everything. */
  pendingModel = $state<string | null>(null);
  /** Unknown until the person sets it: the contract has no settings getter (getStatus doesn't report threads). */
  threads = $state<number | null>(null);
  saved = $state(false);

  active = $derived(this.models.find((m) => m.active) ?? null);

  constructor(
    private readonly client: EngineClient,
    private readonly report: Reporter,
  ) {}

  async refresh(): Promise<void> {
    try {
      [this.models, this.folders] = await Promise.all([this.client.listModels(), this.client.listWatchedFolders()]);
    } catch (err) {
      this.report(err);
    }
  }

  async switchModel(modelId: string): Promise<string | undefined> {
    this.pendingModel = null;
    try {
      const { jobId } = await this.client.switchModel(modelId);
      return jobId;
    } catch (err) {
      this.report(err);
      return undefined;
    }
  }

  /** Stops keeping a folder in sync; its documents stay in the library. */
  async unwatch(folder: string): Promise<void> {
    try {
      await this.client.unwatchFolder(folder);
    } catch (err) {
      this.report(err);
    }
    try {
      this.folders = await this.client.listWatchedFolders();
    } catch (err) {
      this.report(err);
    }
  }

  async saveThreads(): Promise<void> {
    this.saved = false;
    if (this.threads === null) return;
    try {
      await this.client.updateSettings({ threads: this.threads });
      this.saved = true;
    } catch (err) {
      this.report(err);
    }
  }
}
