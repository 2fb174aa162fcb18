import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineHost, RESTART_DELAYS_MS } from '../../../electron/main/engineHost';
import type { EngineProcess, EngineWindow } from '../../../electron/main/engineHost';
import type { EngineState } from '../../../electron/shared/transport/shell';

// Stand-ins for Electron's UtilityProcess, WebContents and MessageChannelMain: the host's logic is what's tested.
class FakeProcess extends EventEmitter implements EngineProcess<string> {
  readonly received: Array<{ message: unknown; ports: string[] }> = [];
  killed = false;
  postMessage(message: unknown, ports: string[]): void {
    this.received.push({ message, ports });
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
  crash(code: number): void {
    this.emit('exit', code);
  }
}

class FakeWindow extends EventEmitter implements EngineWindow<string> {
  readonly states: EngineState[] = [];
  readonly ports: string[] = [];
  loading = false;
  destroyed = false;
  send(channel: string, state: EngineState): void {
    expect(channel).toBe('engine:state');
    this.states.push(state);
  }
  postMessage(channel: string, _message: unknown, ports: string[]): void {
    expect(channel).toBe('engine:port');
    this.ports.push(...ports);
  }
  isDestroyed = () => this.destroyed;
  isLoading = () => this.loading;
}

function setup() {
  const processes: FakeProcess[] = [];
  let pair = 0;
  const host = new EngineHost<string>({
    fork: () => {
      const child = new FakeProcess();
      processes.push(child);
      return child;
    },
    createPorts: () => ((pair += 1), { port1: `engine-side-${pair}`, port2: `window-side-${pair}` }),
  });
  return { host, processes };
}

describe('EngineHost', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives each loaded window its own port pair to the engine and says it is ready', () => {
    const { host, processes } = setup();
    const win = new FakeWindow();
    win.loading = true;
    host.attach(win);
    host.start();
    expect(win.ports).toEqual([]);
    win.loading = false;
    win.emit('did-finish-load');
    expect(processes[0]!.received).toEqual([{ message: { type: 'connect' }, ports: ['engine-side-1'] }]);
    expect(win.ports).toEqual(['window-side-1']);
    expect(win.states).toEqual([{ state: 'ready' }]);
    // A reload drops the page's port: the next load gets a new one.
    win.emit('did-finish-load');
    expect(win.ports).toEqual(['window-side-1', 'window-side-2']);
  });

  it('restarts a crashed engine after a delay and reconnects every window', () => {
    const { host, processes } = setup();
    const win = new FakeWindow();
    host.attach(win);
    host.start();
    processes[0]!.crash(9);
    expect(win.states.at(-1)).toEqual({
      state: 'restarting',
      message: expect.stringContaining('exit code 9') as string,
    });
    vi.advanceTimersByTime(RESTART_DELAYS_MS[0]! - 1);
    expect(processes).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(processes).toHaveLength(2);
    expect(processes[1]!.received).toEqual([{ message: { type: 'connect' }, ports: ['engine-side-2'] }]);
    expect(win.ports.at(-1)).toBe('window-side-2');
    expect(win.states.at(-1)).toEqual({ state: 'ready' });
  });

  it('backs off on repeated crashes and gives up after too many in a minute', () => {
    const { host, processes } = setup();
    const win = new FakeWindow();
    host.attach(win);
    host.start();
    for (const [i, delay] of RESTART_DELAYS_MS.entries()) {
      processes[i]!.crash(1);
      vi.advanceTimersByTime(delay - 1);
      expect(processes).toHaveLength(i + 1);
      vi.advanceTimersByTime(1);
      expect(processes).toHaveLength(i + 2);
    }
    processes.at(-1)!.crash(1);
    vi.advanceTimersByTime(60_000);
    expect(processes).toHaveLength(RESTART_DELAYS_MS.length + 1);
    expect(win.states.at(-1)).toEqual({
      state: 'failed',
      message: expect.stringContaining('keeps stopping') as string,
    });
    expect(win.states.map((s) => s.state)).toEqual([
      'ready',
      'restarting',
      'ready',
      'restarting',
      'ready',
      'restarting',
      'ready',
      'failed',
    ]);
  });

  it('forgets crashes older than a minute', () => {
    const { host, processes } = setup();
    host.attach(new FakeWindow());
    host.start();
    for (let i = 0; i < 6; i++) {
      processes.at(-1)!.crash(1);
      vi.advanceTimersByTime(61_000);
    }
    expect(processes).toHaveLength(7);
  });

  it('does not restart after stop, nor for a process it already replaced', () => {
    const { host, processes } = setup();
    const win = new FakeWindow();
    host.attach(win);
    host.start();
    processes[0]!.crash(1);
    host.stop();
    vi.advanceTimersByTime(60_000);
    expect(processes).toHaveLength(1);

    const second = setup();
    second.host.start();
    second.processes[0]!.crash(1);
    vi.advanceTimersByTime(RESTART_DELAYS_MS[0]!);
    second.processes[0]!.crash(1);
    vi.advanceTimersByTime(60_000);
    expect(second.processes).toHaveLength(2);
    second.host.stop();
    expect(second.processes[1]!.killed).toBe(true);
  });

  it('tells the engine what pages may import, again after every restart and before any window connects', () => {
    const { host, processes } = setup();
    host.grant(['/notes']);
    host.start();
    const win = new FakeWindow();
    host.attach(win);
    host.grant(['/letters/a.docx']);
    host.grant([]);
    expect(processes[0]!.received.map((r) => r.message)).toEqual([
      { type: 'grant', paths: ['/notes'] },
      { type: 'connect' },
      { type: 'grant', paths: ['/letters/a.docx'] },
    ]);
    processes[0]!.crash(1);
    vi.advanceTimersByTime(RESTART_DELAYS_MS[0]!);
    expect(processes[1]!.received.map((r) => r.message)).toEqual([
      { type: 'grant', paths: ['/notes', '/letters/a.docx'] },
      { type: 'connect' },
    ]);
  });

  it('stops talking to a destroyed window', () => {
    const { host, processes } = setup();
    const win = new FakeWindow();
    host.attach(win);
    host.start();
    win.destroyed = true;
    win.emit('destroyed');
    processes[0]!.crash(1);
    expect(win.states).toEqual([{ state: 'ready' }]);
  });
});
