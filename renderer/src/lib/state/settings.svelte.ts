import type { EngineClient } from '../../../../electron/shared/transport/rpc';
import type { ModelInfo, TeamLibraryRequest, TeamLibraryStatus } from '../../../../electron/shared/types';
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

  /** The attached team library (null: none), and the form that attaches one. */
  team = $state.raw<TeamLibraryStatus | null>(null);
  teamForm = $state<TeamForm>(emptyTeamForm());
  teamBusy = $state(false);

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
    await this.refreshTeam();
  }

  async refreshTeam(): Promise<void> {
    try {
      this.team = await this.client.getTeamLibraryStatus();
    } catch (err) {
      this.report(err);
    }
  }

  /** Attaches the library the form names; empty fields fall back to the engine's AWS_* environment. */
  async attachTeam(): Promise<boolean> {
    this.teamBusy = true;
    try {
      this.team = await this.client.attachTeamLibrary(teamRequest(this.teamForm));
      this.teamForm = emptyTeamForm();
      return true;
    } catch (err) {
      this.report(err);
      return false;
    } finally {
      this.teamBusy = false;
    }
  }

  async detachTeam(): Promise<void> {
    this.teamBusy = true;
    try {
      await this.client.detachTeamLibrary();
      this.team = null;
    } catch (err) {
      this.report(err);
    } finally {
      this.teamBusy = false;
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

export interface TeamForm {
  uri: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const emptyTeamForm = (): TeamForm => ({ uri: '', endpoint: '', region: '', accessKeyId: '', secretAccessKey: '' });

/** Only the fields filled in: the engine reads the rest from its environment. */
function teamRequest(form: TeamForm): TeamLibraryRequest {
  const filled = Object.entries(form)
    .map(([key, value]) => [key, (value as string).trim()] as const)
    .filter(([, value]) => value !== '');
  return Object.fromEntries(filled) as TeamLibraryRequest;
}
