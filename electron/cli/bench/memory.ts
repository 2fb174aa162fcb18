/** Peak resident memory and JS heap over a stretch of work, sampled every 100 ms (LanceDB works on its own threads). */
export class PeakMemory {
  private rss = 0;
  private heap = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
  }

  private sample(): void {
    const m = process.memoryUsage();
    this.rss = Math.max(this.rss, m.rss);
    this.heap = Math.max(this.heap, m.heapUsed);
  }

  /** Stops sampling; peaks in MB (1 MB = 2^20 bytes). */
  stop(): { peakRssMb: number; peakHeapMb: number } {
    this.sample();
    clearInterval(this.timer);
    return { peakRssMb: mb(this.rss), peakHeapMb: mb(this.heap) };
  }
}

export const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** The whole process's peak resident set so far (the kernel's own count, which sampling may miss). */
export function processMaxRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export async function measure<T>(
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number; memory: ReturnType<PeakMemory['stop']> }> {
  const peak = new PeakMemory();
  const t = performance.now();
  try {
    const value = await work();
    return { value, seconds: (performance.now() - t) / 1000, memory: peak.stop() };
  } catch (err) {
    peak.stop();
    throw err;
  }
}
