import { cp, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Copies the models shipped with the app into the user's models folder when absent, so a packaged build with a
 * bundled model searches on first start. Folders the user already has are never overwritten.
 */
export async function seedBundledModels(bundledDir: string, modelsDir: string): Promise<string[]> {
  const entries = await readdir(bundledDir, { withFileTypes: true }).catch(() => []);
  const copied: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const from = join(bundledDir, entry.name);
    const to = join(modelsDir, entry.name);
    if (!(await stat(join(from, 'manifest.json')).catch(() => null))) continue;
    if (await stat(to).catch(() => null)) continue;
    await cp(from, to, { recursive: true });
    copied.push(entry.name);
  }
  return copied;
}
