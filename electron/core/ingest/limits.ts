/** Size limits that keep one bad file from taking the machine down. */
export const MAX_TEXT_BYTES = 50 * 1024 * 1024;
export const MAX_PDF_BYTES = 500 * 1024 * 1024;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
