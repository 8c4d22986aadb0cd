// Counts of a tempest run per test module, from `stestr last --subunit | subunit2csv`
// (columns: test, status, start_time, stop_time). Statuses: success, skip, failure (fail).

export interface Counts { passed: number; failed: number; skipped: number }

export function parseCsv(text: string): { test: string; status: string }[] {
  // Test ids carry commas inside their attribute list ([id-…,smoke]), so the first field is quoted.
  return text.split('\n').slice(1).flatMap((l) => {
    const m = /^(?:"((?:[^"]|"")*)"|([^,]*)),([a-z]+),/.exec(l);
    return m ? [{ test: (m[1] ?? m[2]).replace(/""/g, '"'), status: m[3] }] : [];
  });
}

/** `tempest.api.compute.flavors.test_flavors.FlavorsV2TestJSON.test_x[id-…]` → `flavors.test_flavors`. */
export function moduleOf(test: string): string {
  const parts = test.replace(/\[.*$/, '').split('.');
  const i = parts.findIndex((p) => p.startsWith('test_'));
  return parts.slice(3, i + 1).join('.') || test;
}

export function countsByModule(rows: { test: string; status: string }[]): Record<string, Counts> {
  const out: Record<string, Counts> = {};
  for (const r of rows) {
    // setUpClass failures are reported against the class, not a test.
    const c = (out[moduleOf(r.test)] ??= { passed: 0, failed: 0, skipped: 0 });
    if (r.status === 'success') c.passed++;
    else if (r.status === 'skip') c.skipped++;
    else if (r.status === 'fail' || r.status === 'failure') c.failed++;
  }
  return out;
}

export function formatCounts(counts: Record<string, Counts>): string {
  const names = Object.keys(counts).sort();
  const width = Math.max(6, ...names.map((n) => n.length));
  return [`${'module'.padEnd(width)}  passed  failed  skipped`,
    ...names.map((n) => `${n.padEnd(width)}  ${String(counts[n].passed).padStart(6)}  ${String(counts[n].failed).padStart(6)}  ${String(counts[n].skipped).padStart(7)}`)].join('\n');
}
