import cliProgress from 'cli-progress';

export interface Bar {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal; silent for scripts, pipes and --json. */
export function progressBar(title: string, enabled: boolean): Bar {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${title} [{bar}] {value}/{total} {label} | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = '') {
      if (!started) {
        bar.start(Math.max(total, 1), done, { label });
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { label: label.length > 40 ? '…' + label.slice(-39) : label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
