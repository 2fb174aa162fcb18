import { describe, expect, it } from 'vitest';
import { readConsistently } from '../../electron/core/team/teamLibrary';

/** Tables of a shared library as versions; `commitDuring` lists the reads during which a publisher commits. */
function library(commitDuring: number[]) {
  let latest = 1;
  let read = 0;
  const log: string[] = [];
  return {
    log,
    tables: {
      documents: async () => (log.push(`documents@${latest}`), latest),
      rest: async () => {
        read++;
        if (commitDuring.includes(read)) latest++;
        log.push(`rest#${read}`);
      },
      latestDocuments: async () => latest,
    },
  };
}

describe('readConsistently: a reader of a shared library reads documents and content of one publish', () => {
  it('reads once when nothing is committed meanwhile', async () => {
    const { tables, log } = library([]);
    expect(await readConsistently(tables)).toBe(1);
    expect(log).toEqual(['documents@1', 'rest#1']);
  });

  it('reads again when a document commit lands between the documents and the content', async () => {
    const { tables, log } = library([1, 2]);
    expect(await readConsistently(tables)).toBe(3);
    expect(log).toEqual(['documents@1', 'rest#1', 'documents@2', 'rest#2', 'documents@3', 'rest#3']);
  });

  it('keeps the last read after its attempts when the publisher never pauses', async () => {
    const { tables } = library([1, 2, 3, 4, 5, 6]);
    expect(await readConsistently(tables, 3)).toBe(3);
  });
});
