// nova-trace's argument checks that every program shares (issue 16 §2): numbers are decimal,
// `--` ends the options.
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../core/cli/args.js';

const ID = 'req-3659683e-40bd-43a5-a7d3-7d909fda70f5';

describe('nova-trace arguments', () => {
  it.each(['0x4', '1e1', ' 4', '4.0', '+4'])('takes --workers as a decimal integer only: %j is refused', (v) => {
    expect(() => parseArgs([ID, '--workers', v], {})).toThrow(UsageError);
    expect(() => parseArgs([ID, '--workers', v], {})).toThrow(/--workers must be an integer from 1 to 64/);
  });

  it('takes a decimal --workers', () => {
    expect(parseArgs([ID, '--workers', '4'], {}).workers).toBe(4);
  });

  it('-- ends the options: what follows is the query and files, even when it starts with -', () => {
    const a = parseArgs(['--json', '--', ID, '-odd-file.log', '--help'], {});
    expect(a).toMatchObject({ command: 'trace', query: ID, json: true, paths: ['-odd-file.log', '--help'] });
  });
});
