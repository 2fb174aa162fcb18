import type { EngineClient } from '../../../../electron/shared/transport/rpc';
import type { DocType, DocumentInfo } from '../../../../electron/shared/types';
import { uniqueSorted } from '../unique';
import type { Reporter } from './reporter';

/** The imported documents, and the facts the search filters offer as choices. */
export class LibraryState {
  documents = $state.raw<DocumentInfo[]>([]);
  loaded = $state(false);
  filter = $state('');
  /** Ids waiting for the person to confirm removal. */
  confirmRemove = $state.raw<string[]>([]);

  sorted = $derived([...this.documents].sort((a, b) => b.importedAt - a.importedAt));
  shown = $derived(
    this.filter.trim()
      ? this.sorted.filter((d) => `${d.title} ${d.path}`.toLowerCase().includes(this.filter.trim().toLowerCase()))
      : this.sorted,
  );
  failed = $derived(this.documents.filter((d) => d.status === 'error').length);
  types = $derived(uniqueSorted<DocType>(this.documents.map((d) => d.type)));
  folders = $derived(uniqueSorted(this.documents.map((d) => d.folder)));
  patients = $derived(uniqueSorted(this.documents.flatMap((d) => (d.meta.patient ? [d.meta.patient] : []))));

  constructor(
    private readonly client: EngineClient,
    private readonly report: Reporter,
  ) {}

  async refresh(): Promise<void> {
    try {
      this.documents = await this.client.listDocuments();
      this.loaded = true;
    } catch (err) {
      this.report(err);
    }
  }

  byId(id: string): DocumentInfo | undefined {
    return this.documents.find((d) => d.id === id);
  }

  async remove(ids: string[]): Promise<void> {
    this.confirmRemove = [];
    try {
      await this.client.removeDocuments(ids);
      await this.refresh();
    } catch (err) {
      this.report(err);
    }
  }

  /** Starts a re-index job and returns its id for the jobs list. */
  async reindex(ids: string[]): Promise<string | undefined> {
    try {
      const { jobId } = await this.client.reindexDocuments(ids);
      return jobId;
    } catch (err) {
      this.report(err);
      return undefined;
    }
  }
}
