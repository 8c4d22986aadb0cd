// `nova-trace causes`: the cause catalogue as the tracer will use it (a site's files first),
// one line per cause; `--check FILE` checks a site's file and says what is wrong with it.

import { catalogue, CatalogueError, readCatalogueFile, type CauseEntry } from '../causes/catalogue.js';

function what(e: CauseEntry): string {
  return [
    e.filter ? `filter /${e.filter.source}/` : null,
    e.text ? `text /${e.text.source}/${e.logger ? ` logger /${e.logger.source}/` : ''}` : null,
    e.explains.length ? `placement: ${e.explains.join(', ')}` : null,
  ].filter(Boolean).join('; ');
}

export function listCauses(out: NodeJS.WritableStream): number {
  const list = catalogue();
  out.write(`${'id'.padEnd(26)} ${'stage'.padEnd(30)} ${'source'.padEnd(10)} matches\n`);
  for (const e of list) out.write(`${e.id.padEnd(26)} ${e.stage.padEnd(30)} ${e.source.padEnd(10)} ${what(e)}\n`);
  out.write(`${list.length} causes, ${list.reduce((n, e) => n + e.examples.length, 0)} example lines checked\n`);
  return 0;
}

export function checkCauses(file: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  try {
    const entries = readCatalogueFile(file);
    out.write(`${file}: ${entries.length} cause(s), ${entries.reduce((n, e) => n + e.examples.length, 0)} example line(s), all good\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof CatalogueError)) throw e;
    err.write(`nova-trace: ${e.message}\n`);
    return 2;
  }
}
