// The cause catalogue: known causes of failed boots as data (catalogue.json, shipped inside the
// bundle), extended by a site's own files (--causes FILE, $NOVA_TRACE_CAUSES). Every entry is
// checked when it loads — fields, stage, regexes, and that each example line matches it — as
// lnav checks its format samples; a bad entry is an error naming the file and the entry. A
// site's entries come first, so a site can refine or replace a shipped cause.

import fs from 'node:fs';
import { STAGE_NAMES } from '../stage-names.js';
import { modelOf, OPERATION_MODELS } from '../operation-models.js';
import builtIn from './catalogue.json' with { type: 'json' };
import { CatalogueError, type CauseEntry, type CauseEntryFile, type CauseQuery } from './catalogue-types.js';
import { exampleQuery } from './example-query.js';

export { CatalogueError } from './catalogue-types.js';
export type { CauseEntry, CauseQuery } from './catalogue-types.js';

const ID = /^[a-z0-9][a-z0-9-]*$/;

function regex(src: unknown, where: string, field: string): RegExp | null {
  if (src === undefined) return null;
  if (typeof src !== 'string' || src === '') throw new CatalogueError(`${where}: match.${field} must be a non-empty regular expression string`);
  try {
    return new RegExp(src);
  } catch (e) {
    throw new CatalogueError(`${where}: match.${field} is not a valid regular expression: ${(e as Error).message}`);
  }
}

export function matches(e: CauseEntry, q: CauseQuery): boolean {
  if (!sameOperation(e.operation, q.operation ?? 'boot')) return false;
  if (e.filter && q.filter && e.filter.test(q.filter)) return true;
  if (e.text && q.text !== undefined && e.text.test(q.text) && (!e.logger || (q.logger !== undefined && e.logger.test(q.logger)))) return true;
  return q.explains !== undefined && e.explains.includes(q.explains);
}

/** A cause of one operation serves another traced by the same model (a resize's, a cold migration). */
function sameOperation(a: string, b: string): boolean {
  return a === b || (a !== 'boot' && b !== 'boot' && modelOf(a) !== null && modelOf(a) === modelOf(b));
}

function compile(raw: unknown, i: number, source: string): CauseEntry {
  const r = raw as Partial<CauseEntryFile>;
  const label = typeof r?.id === 'string' ? `cause '${r.id}'` : `entry ${i + 1}`;
  const where = `${source}: ${label}`;
  if (!r || typeof r !== 'object') throw new CatalogueError(`${where}: not an object`);
  if (typeof r.id !== 'string' || !ID.test(r.id)) throw new CatalogueError(`${where}: id must be lower-case letters, digits and dashes`);
  const operation = r.operation ?? 'boot';
  const model = operation === 'boot' ? null : modelOf(operation);
  if (operation !== 'boot' && !model) throw new CatalogueError(`${where}: operation '${String(operation)}' has no stage model (one of boot, ${OPERATION_MODELS.flatMap((m) => m.operations).join(', ')})`);
  const stages: readonly string[] = model ? model.stages.map((st) => st.stage) : STAGE_NAMES;
  if (!stages.includes(String(r.stage))) throw new CatalogueError(`${where}: stage '${String(r.stage)}' is not one of ${stages.join(', ')}`);
  for (const f of ['probable_cause', 'next_check'] as const) {
    if (typeof r[f] !== 'string' || !r[f]!.trim()) throw new CatalogueError(`${where}: ${f} must be a non-empty string`);
  }
  if (r.stage_from !== undefined && r.stage_from !== 'cause' && r.stage_from !== 'line') throw new CatalogueError(`${where}: stage_from must be 'cause' or 'line'`);
  const m = r.match;
  if (!m || typeof m !== 'object') throw new CatalogueError(`${where}: match is missing`);
  const explains = m.explains ?? [];
  if (!Array.isArray(explains) || explains.some((x) => typeof x !== 'string')) throw new CatalogueError(`${where}: match.explains must be a list of strings`);
  const entry: CauseEntry = {
    id: r.id, operation, stage: String(r.stage), stageFrom: r.stage_from === 'line' ? 'line' : 'cause',
    text: regex(m.text, where, 'text'), logger: regex(m.logger, where, 'logger'), filter: regex(m.filter, where, 'filter'), explains,
    probableCause: r.probable_cause!, nextCheck: r.next_check!, links: Array.isArray(r.links) ? r.links.map(String) : [],
    refines: Array.isArray(r.refines) ? r.refines.map(String) : [],
    examples: Array.isArray(r.examples) ? r.examples.map(String) : [], source,
  };
  if (!entry.text && !entry.filter && entry.explains.length === 0) throw new CatalogueError(`${where}: match needs text, filter or explains`);
  if (entry.logger && !entry.text) throw new CatalogueError(`${where}: match.logger goes with match.text`);
  if (entry.examples.length === 0) throw new CatalogueError(`${where}: at least one example log line is required`);
  entry.examples.forEach((ex, k) => {
    const q = exampleQuery(ex);
    if (!q) throw new CatalogueError(`${where}: example ${k + 1} is not a Nova log line: ${ex.split('\n')[0].slice(0, 120)}`);
    if (!matches(entry, { ...q, operation: entry.operation }) && entry.explains.length === 0) {
      throw new CatalogueError(`${where}: example ${k + 1} does not match the entry: ${ex.split('\n')[0].slice(0, 160)}`);
    }
  });
  return entry;
}

/** Parses and checks a catalogue document (`{"causes": [...]}` or a bare list). */
export function compileCatalogue(doc: unknown, source: string): CauseEntry[] {
  const list = Array.isArray(doc) ? doc : (doc as { causes?: unknown })?.causes;
  if (!Array.isArray(list)) throw new CatalogueError(`${source}: expected {"causes": [...]} or a list of causes`);
  const entries = list.map((raw, i) => compile(raw, i, source));
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.id)) throw new CatalogueError(`${source}: cause '${e.id}' is defined twice`);
    seen.add(e.id);
  }
  return entries;
}

export function readCatalogueFile(file: string): CauseEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CatalogueError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new CatalogueError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  return compileCatalogue(doc, file);
}

// Compiled (and its examples checked) on first use: a trace that names no cause never pays for it.
let builtInEntries: CauseEntry[] | null = null;
const shipped = () => (builtInEntries ??= compileCatalogue(builtIn, 'built-in'));
let site: CauseEntry[] = [];
let active: CauseEntry[] | null = null;

/** The site's files first (they refine or replace shipped causes of the same id), then the shipped ones. */
export function useSiteCatalogues(files: readonly string[]): readonly CauseEntry[] {
  site = files.flatMap(readCatalogueFile);
  active = null;
  return files.length ? catalogue() : site;
}

export function catalogue(): readonly CauseEntry[] {
  if (!active) {
    const ids = new Set(site.map((e) => e.id));
    active = [...site, ...shipped().filter((e) => !ids.has(e.id))];
  }
  return active;
}

export function causeFor(q: CauseQuery): CauseEntry | null {
  return catalogue().find((e) => matches(e, q)) ?? null;
}

/** A cause that explains `current` better, shown by one of `texts` (other lines of the trace), else null. */
export function refinement(current: CauseEntry, texts: readonly CauseQuery[]): CauseEntry | null {
  for (const e of catalogue()) {
    if (!e.refines.includes(current.id)) continue;
    if (texts.some((q) => matches(e, q))) return e;
  }
  return null;
}

/** Whether some cause of the catalogue refines `id` (a search for it is worth its cost). */
export function isRefined(id: string): boolean {
  return catalogue().some((e) => e.refines.includes(id));
}

export function causeById(id: string): CauseEntry | null {
  return catalogue().find((e) => e.id === id) ?? null;
}

/** Site catalogue files named by $NOVA_TRACE_CAUSES (colon-separated). */
export function siteCatalogueFiles(env: NodeJS.ProcessEnv): string[] {
  return (env.NOVA_TRACE_CAUSES ?? '').split(':').filter(Boolean);
}
