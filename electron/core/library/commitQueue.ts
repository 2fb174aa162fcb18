/**
 * Groups writes that arrive while another is in flight into one commit (LanceDB makes a version and a fragment per
 * write, so one write per document would dominate an import of many short notes). A failed group is retried item by
 * item, so one bad item fails only itself.
 */
export class CommitQueue<T> {
  private readonly queued: Array<{ item: T; resolve: () => void; reject: (err: Error) => void }> = [];
  private flushing?: Promise<void>;
  private commits = 0;

  constructor(
    private readonly commit: (items: T[]) => Promise<void>,
    /** Undoes what a failed commit of these items may have written. */
    private readonly undo: (items: T[]) => Promise<void>,
    /** Runs after every `every` commits (compaction during a long import); its failure is ignored. */
    private readonly periodic?: { every: number; run: () => Promise<void> },
  ) {}

  push(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      // Starting on the next turn lets writes issued together (a burst of short notes) share the first commit.
      this.flushing ??= new Promise<void>((r) => setImmediate(r)).then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued.splice(0);
      try {
        await this.commit(batch.map((w) => w.item));
        batch.forEach((w) => w.resolve());
      } catch {
        await this.undo(batch.map((w) => w.item)).catch(() => undefined);
        for (const w of batch) await this.commitAlone(w);
      }
      if (this.periodic && ++this.commits % this.periodic.every === 0) await this.periodic.run().catch(() => undefined);
    }
    this.flushing = undefined;
  }

  private async commitAlone(w: { item: T; resolve: () => void; reject: (err: Error) => void }): Promise<void> {
    try {
      await this.commit([w.item]);
      w.resolve();
    } catch (err) {
      await this.undo([w.item]).catch(() => undefined);
      w.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
