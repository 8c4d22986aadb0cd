// Runs the tracer (core/) for the trace pane, off the render path, and keeps a running boot's
// trace fresh: while the pane is open and the verdict is not final, it traces again every
// REFRESH_MS. Only one trace runs at a time; a newer query wins.

import { traceRequest } from '../../core/trace/trace-request.js';
import { traceForViewer } from '../../core/cli/hands-on-lab.js';
import type { TracePaneData } from '../model/types.js';

const REFRESH_MS = 1_500;
const FINAL = new Set(['ACTIVE', 'ERROR', 'COMPLETED']);

export class TraceRunner {
  private data: TracePaneData | null = null;
  private query: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly dir: string, private readonly onChange: () => void) {}

  current(): TracePaneData | null { return this.data; }

  /** Open (or keep) the pane on `query`; null closes it. Scrolling is UI state: the frame sets it. */
  show(query: string | null): void {
    if (query === this.query) return;
    this.query = query;
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (query === null) { this.data = null; return; }
    this.data = { query, state: 'loading', trace: null, error: null, live: false, scroll: 0 };
    void this.run(query);
  }

  private async run(query: string): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const { trace: found } = await traceRequest([this.dir], query, { workers: 1 });
      const trace = found && traceForViewer(found, [this.dir], process.env);
      if (query !== this.query) return;
      const live = trace !== null && !FINAL.has(trace.verdict.status);
      this.data = { query, state: trace ? 'ready' : 'not-found', trace, error: null, live, scroll: 0 };
      if (live || !trace) this.timer = setTimeout(() => { this.timer = null; void this.run(query); }, REFRESH_MS);
    } catch (e) {
      if (query === this.query) this.data = { query, state: 'error', trace: null, error: (e as Error).message, live: false, scroll: 0 };
    } finally {
      this.running = false;
      this.onChange();
      if (this.query !== null && this.query !== query && !this.timer) void this.run(this.query);
    }
  }

  stop(): void {
    this.query = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
