// A TUI under tmux, driven as a person drives it: keys in with send-keys, the screen read back
// with capture-pane. Each session has its own tmux server socket, so tests never touch a
// user's tmux, and `close()` kills it.

import { execFileSync, spawnSync } from 'node:child_process';

export class TmuxSession {
  private readonly socket = `nova-trace-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(command: string[], size = { cols: 150, rows: 40 }, env: Record<string, string> = {}) {
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    this.tmux('new-session', '-d', '-x', String(size.cols), '-y', String(size.rows), ...envArgs, '--', ...command);
    this.tmux('set-option', '-g', 'remain-on-exit', 'on');
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
  }

  /** Keys as tmux names them: 'q', 'Enter', 'Escape', 'C-s', or literal text with `literal`. */
  keys(...keys: string[]): void { this.tmux('send-keys', '-t', '0', ...keys); }
  type(text: string): void { this.tmux('send-keys', '-t', '0', '-l', '--', text); }

  screen(): string { return this.tmux('capture-pane', '-p', '-t', '0'); }

  /** Whether the program in the pane has exited. */
  dead(): boolean { return this.tmux('display-message', '-p', '-t', '0', '#{pane_dead}').trim() === '1'; }

  /** Waits (bounded) until the screen satisfies `pred`; returns the screen, throws with it on timeout. */
  async waitFor(pred: (screen: string) => boolean, what: string, timeoutMs = 8_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    let s = '';
    while (Date.now() < end) {
      s = this.screen();
      if (pred(s)) return s;
      await new Promise((r) => setTimeout(r, 80));
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { timeout: 5_000 });
  }
}
