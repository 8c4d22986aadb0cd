// zlib, loaded on first use: most log directories hold no .gz file, and loading the module
// is a measurable part of a trace's start-up.

import { createRequire } from 'node:module';

type Zlib = typeof import('node:zlib');
let loaded: Zlib | null = null;

export function zlib(): Zlib {
  loaded ??= createRequire(import.meta.url)('node:zlib') as Zlib;
  return loaded;
}
