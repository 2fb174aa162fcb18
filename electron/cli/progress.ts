import cliProgress from 'cli-progress';

export interface BarUpdate {
  /** Extra figures shown after the count, e.g. "120 pages · 460 chunks". */
  detail?: string;
  /** The caller's own estimate in seconds; without it the bar estimates from its rate. */
  etaSeconds?: number;
  label?: string;
}

export interface Bar {
  update(done: number, total: number, extra?: BarUpdate | string): void;
  stop(): void;
}

export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '…';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A progress bar on stderr when it is a terminal; silent for scripts, pipes and --json. */
export function progressBar(title: string, enabled: boolean, unit = ''): Bar {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${title} [{bar}] {value}/{total}${unit ? ' ' + unit : ''}{detail} | ETA {eta_text} {label}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, extra = {}) {
      const x = typeof extra === 'string' ? { label: extra } : extra;
      const label = x.label ?? '';
      const payload = {
        label: label.length > 40 ? '…' + label.slice(-39) : label,
        detail: x.detail ? ` · ${x.detail}` : '',
        eta_text: x.etaSeconds !== undefined ? formatEta(x.etaSeconds) : formatEta(etaFromRate(bar)),
      };
      if (!started) {
        bar.start(Math.max(total, 1), done, payload);
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function etaFromRate(bar: cliProgress.SingleBar): number | undefined {
  const eta = (bar as unknown as { eta?: { getTime(): number } }).eta?.getTime();
  return typeof eta === 'number' && eta >= 0 ? eta : undefined;
}
