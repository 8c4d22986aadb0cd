// A one-line progress bar for a terminal (bytes done, MB/s, ETA), redrawn at most ten times a
// second; nothing at all when the stream is not a terminal.

export class ProgressBar {
  private readonly t0 = performance.now();
  private last = 0;
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream, private readonly label: string) {}

  update(done: number, total: number): void {
    if (!this.out.isTTY) return;
    const now = performance.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const secs = (now - this.t0) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const width = 30;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const fill = Math.round(frac * width);
    const eta = rate > 0 && done < total ? `ETA ${Math.ceil((total - done) / rate)} s` : '';
    const mb = (n: number) => (n / 1e6).toFixed(0);
    this.out.write(`\r${this.label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(frac * 100).toFixed(0)}% ${mb(done)}/${mb(total)} MB ${mb(rate)} MB/s ${eta}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
  }
}
