// The cause catalogue's shape: what a data file holds (snake_case, as written by people) and
// the compiled entry the tracer matches with.

/** One entry as written in a catalogue file. */
export interface CauseEntryFile {
  id: string;
  /** The operation the cause fails (core/operations.ts names; 'boot' when absent): its stage is one of that operation's. */
  operation?: string;
  stage: string;
  match: {
    /** Regex over the root-cause line and its traceback. */
    text?: string;
    /** With `text`: regex the root-cause line's logger must match too. */
    logger?: string;
    /** Regex over the scheduler filter that removed the last host (NoValidHost). */
    filter?: string;
    /** What a "no allocation candidates" explanation found limiting: resource, aggregate, trait:<NAME>. */
    explains?: string[];
  };
  probable_cause: string;
  next_check: string;
  /** 'line': the failing stage is the stage the root line was logged in (`stage` is only where it usually is). */
  stage_from?: 'cause' | 'line';
  links?: string[];
  /** Causes this one explains better: when the root cause is one of them and this entry matches another line of the trace, this one is named. */
  refines?: string[];
  /** Log lines (a record, then its traceback lines, newline-separated) that must match the entry. */
  examples: string[];
}

export interface CauseEntry {
  id: string;
  operation: string;
  /** A boot stage (stage-names.ts) for a boot's cause, else one of the operation's (operation-models.ts). */
  stage: string;
  stageFrom: 'cause' | 'line';
  text: RegExp | null;
  logger: RegExp | null;
  filter: RegExp | null;
  explains: string[];
  probableCause: string;
  nextCheck: string;
  links: string[];
  refines: string[];
  examples: string[];
  /** The file the entry came from ('built-in' for the shipped catalogue). */
  source: string;
}

/** What is known about a failure when its cause is looked up. */
export interface CauseQuery {
  /** The traced operation ('boot' when absent). */
  operation?: string;
  text?: string;
  logger?: string;
  filter?: string | null;
  explains?: string;
}

export class CatalogueError extends Error {}
