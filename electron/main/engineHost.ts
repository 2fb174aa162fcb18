import { SHELL_IPC } from '../shared/transport/shell';
import type { EngineState } from '../shared/transport/shell';

/** The engine's process as the host uses it: Electron's UtilityProcess fits. */
export interface EngineProcess<Port> {
  postMessage(message: unknown, transfer: Port[]): void;
  kill(): boolean;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

/** A window's contents as the host uses them: Electron's WebContents fits. */
export interface EngineWindow<Port> {
  send(channel: string, state: EngineState): void;
  postMessage(channel: string, message: unknown, transfer: Port[]): void;
  isDestroyed(): boolean;
  isLoading(): boolean;
  on(event: 'did-finish-load', listener: () => void): unknown;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface EngineHostOptions<Port> {
  /** Starts the engine's process (Electron's utilityProcess.fork with the built utility entry). */
  fork(): EngineProcess<Port>;
  /** A connected pair of ports (Electron's MessageChannelMain). */
  createPorts(): { port1: Port; port2: Port };
}

/** Waits before each restart within a minute: the first crash restarts fast, repeated ones back off. */
export const RESTART_DELAYS_MS = [1000, 2000, 4000];
const CRASH_WINDOW_MS = 60_000;

/**
 * Runs the engine in a utility process and gives each window its own MessagePort to it, so requests go renderer →
 * engine without passing through main. Restarts the engine when it dies and hands every window a fresh port; more
 * crashes within a minute than there are delays means restarting won't help, and the windows are told so.
 */
export class EngineHost<Port> {
  private child: EngineProcess<Port> | null = null;
  private readonly windows = new Set<EngineWindow<Port>>();
  private crashes: number[] = [];
  private stopping = false;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly granted = new Set<string>();

  constructor(private readonly options: EngineHostOptions<Port>) {}

  start(): void {
    const child = this.options.fork();
    child.on('exit', (code) => this.onExit(child, code));
    this.child = child;
    // Before any window's port: a restarted engine knows what the person chose before it stopped.
    if (this.granted.size) child.postMessage({ type: 'grant', paths: [...this.granted] }, []);
    for (const contents of this.windows) this.connect(contents);
  }

  /** Tells the engine that pages may import these paths (see PathGrants); kept for the engine's restarts. */
  grant(paths: string[]): void {
    if (paths.length === 0) return;
    for (const path of paths) this.granted.add(path);
    this.child?.postMessage({ type: 'grant', paths }, []);
  }

  /** Connects a window now and again after every load (a reload drops the page's port). */
  attach(contents: EngineWindow<Port>): void {
    this.windows.add(contents);
    contents.on('did-finish-load', () => this.connect(contents));
    contents.once('destroyed', () => this.windows.delete(contents));
    this.connect(contents);
  }

  stop(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.child?.kill();
    this.child = null;
  }

  private connect(contents: EngineWindow<Port>): void {
    if (!this.child || contents.isDestroyed() || contents.isLoading()) return;
    const { port1, port2 } = this.options.createPorts();
    this.child.postMessage({ type: 'connect' }, [port1]);
    contents.postMessage(SHELL_IPC.enginePort, null, [port2]);
    this.send(contents, { state: 'ready' });
  }

  private onExit(child: EngineProcess<Port>, code: number): void {
    if (this.stopping || child !== this.child) return;
    this.child = null;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    const delay = RESTART_DELAYS_MS[this.crashes.length - 1];
    if (delay === undefined) {
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
    this.restartTimer = setTimeout(() => {
      if (!this.stopping) this.start();
    }, delay);
  }

  private broadcast(state: EngineState): void {
    for (const contents of this.windows) this.send(contents, state);
  }

  private send(contents: EngineWindow<Port>, state: EngineState): void {
    if (!contents.isDestroyed()) contents.send(SHELL_IPC.engineState, state);
  }
}
