import { MessageChannelMain, utilityProcess } from 'electron';
import type { UtilityProcess, WebContents } from 'electron';

export interface EngineHostOptions {
  /** The built utility entry (out/main/utility.js). */
  entry: string;
  args: string[];
}

/** Engine states as the renderer sees them (renderer/src/lib/platform/types.ts EngineState). */
type EngineState = { state: 'ready' | 'restarting' | 'failed'; message?: string };

const RESTART_DELAY_MS = 1000;
/** More crashes than this within a minute means restarting won't help. */
const MAX_RESTARTS_PER_MINUTE = 3;

/**
 * Runs the engine in a utility process and gives each window its own MessagePort to it, so requests go renderer →
 * engine without passing through main. Restarts the engine when it dies and hands every window a fresh port.
 */
export class EngineHost {
  private child: UtilityProcess | null = null;
  private readonly windows = new Set<WebContents>();
  private crashes: number[] = [];
  private stopping = false;

  constructor(private readonly options: EngineHostOptions) {}

  start(): void {
    const child = utilityProcess.fork(this.options.entry, this.options.args, {
      serviceName: 'Clinote engine',
      stdio: 'inherit',
    });
    child.on('exit', (code) => this.onExit(child, code));
    this.child = child;
    for (const contents of this.windows) this.connect(contents);
  }

  /** Connects a window now and again after every load (a reload drops the page's port). */
  attach(contents: WebContents): void {
    this.windows.add(contents);
    contents.on('did-finish-load', () => this.connect(contents));
    contents.once('destroyed', () => this.windows.delete(contents));
  }

  stop(): void {
    this.stopping = true;
    this.child?.kill();
    this.child = null;
  }

  private connect(contents: WebContents): void {
    if (!this.child || contents.isDestroyed() || contents.isLoading()) return;
    const { port1, port2 } = new MessageChannelMain();
    this.child.postMessage({ type: 'connect' }, [port1]);
    contents.postMessage('engine:port', null, [port2]);
    this.send(contents, { state: 'ready' });
  }

  private onExit(child: UtilityProcess, code: number): void {
    if (this.stopping || child !== this.child) return;
    this.child = null;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < 60_000), now];
    if (this.crashes.length > MAX_RESTARTS_PER_MINUTE) {
      this.broadcast({
        state: 'failed',
        message: `The search engine keeps stopping (exit code ${code}). Restart Clinote; if it happens again, the log in the data folder says why.`,
      });
      return;
    }
    this.broadcast({
      state: 'restarting',
      message: `The search engine stopped unexpectedly (exit code ${code}) and is restarting. Imports that were running will resume.`,
    });
    setTimeout(() => {
      if (!this.stopping) this.start();
    }, RESTART_DELAY_MS);
  }

  private broadcast(state: EngineState): void {
    for (const contents of this.windows) this.send(contents, state);
  }

  private send(contents: WebContents, state: EngineState): void {
    if (!contents.isDestroyed()) contents.send('engine:state', state);
  }
}
