/**
 * Browser-harness drops: a File in a web page has no path, so its bytes go to the dev bridge, which saves them in
 * its inbox folder and answers with the path the engine can import. Folders are walked with the entries API.
 */
export interface DroppedFile {
  file: File;
  /** Path inside the drop, e.g. "notes/visit.txt" for a file of a dropped folder "notes". */
  relativePath: string;
}

/** Must be called during the drop event: entries and files are only readable until it returns. */
export function collectDropped(data: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...data.items]
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null))
    .filter((entry): entry is FileSystemEntry => entry !== null);
  // A DataTransfer built by a script (tests, some apps) has files but no entries.
  if (entries.length === 0) {
    return Promise.resolve([...data.files].map((file) => ({ file, relativePath: file.name })));
  }
  return Promise.all(entries.map((entry) => walk(entry, entry.name))).then((lists) => lists.flat());
}

async function walk(entry: FileSystemEntry, path: string): Promise<DroppedFile[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ file, relativePath: path }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns at most 100 entries a call; an empty batch means the end.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  const lists = await Promise.all(children.map((child) => walk(child, `${path}/${child.name}`)));
  return lists.flat();
}

/** Uploads each file; returns the paths to import: one a dropped file or folder (its top-level name). */
export async function uploadFiles(httpBase: string, files: DroppedFile[]): Promise<string[]> {
  const roots = new Set<string>();
  for (const { file, relativePath } of files) {
    const response = await fetch(`${httpBase}/upload?name=${encodeURIComponent(relativePath)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
    });
    if (!response.ok) throw new Error(`Upload of ${relativePath} failed: ${await response.text()}`);
    const { root } = (await response.json()) as { path: string; root: string };
    roots.add(root);
  }
  return [...roots];
}
