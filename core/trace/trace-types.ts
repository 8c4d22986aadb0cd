// The trace of one request: what `nova-trace <id> --json` prints. This shape is the public,
// versioned contract for scripts (schema "nova-trace/v1"); add fields, never rename them.

import type { StageName } from '../stage-names.js';
import type { PlacementExplanation } from './placement-explain.js';

export type TraceStatus = 'ACTIVE' | 'ERROR' | 'STUCK' | 'IN_PROGRESS' | 'DELETED' | 'COMPLETED' | 'UNKNOWN';

export interface TraceRecord {
  ts: string;            // timestamp as written, e.g. "2026-11-23 10:15:02.118"
  service: string;       // api | conductor | scheduler | compute | placement | other name
  host: string | null;   // from the line (journald), else from the path (folder or file name)
  file: string;          // path relative to the log directory given
  line: number | null;   // 1-based; null when the file was searched without counting lines (large files, no index)
  offset: number;        // byte offset of the record's first line in the (decompressed) file
  pid: number;
  level: string | null;
  logger: string;
  request_id: string | null;
  global_request_id: string | null;
  instance: string | null;
  message: string;
  continuation: string[];  // headerless lines and attached traceback lines
  stage: string | null;    // stage this record was assigned to (a boot stage, or the operation's: core/operation-models.ts)
  joined_by: 'request_id' | 'global_request_id' | 'instance' | 'traceback';
}

export interface StageSpan {
  /** A boot stage (stage-names.ts) or an operation's stage (operation-models.ts). */
  stage: string;
  service: string;
  host: string | null;
  attempt: number;                 // 1 for the first compute host, 2 after a reschedule…
  status: 'ok' | 'failed' | 'not_logged' | 'not_reached' | 'in_progress' | 'stalled' | 'rolled_back' | 'aborted';
  start: string | null;
  end: string | null;
  duration_ms: number | null;
  records: number;
  /** The message that best describes the stage (chosen host, "Claim successful", filter counts…). */
  summary: string | null;
}

export interface Attempt {
  attempt: number;
  host: string;
  result: 'active' | 'failed' | 'rescheduled' | 'in_progress' | 'stuck' | 'deleted';
  reason: string | null;
}

/** One instance of a multi-create request (min_count/max_count > 1). */
export interface InstanceOutcome {
  instance: string;
  status: TraceStatus;
  /** Compute hosts tried, in order; `host` is the last. */
  hosts: string[];
  host: string | null;
  signature: string | null;
  cause: string | null;
  failed_stage: StageName | null;
  exception: string | null;
}

export interface FilterStep { filter: string; hosts_before: number | null; hosts_after: number }

export interface Verdict {
  status: TraceStatus;
  /** Stage where the request failed (the root cause's stage), null when it did not fail. */
  failed_stage: string | null;
  /** Failure signature id (see core/signatures.ts), e.g. "no-valid-host", "spawn-failed". */
  signature: string | null;
  /** One-line probable cause and the next thing to check, from the signature table. */
  probable_cause: string | null;
  next_check: string | null;
  /** The log line that shows the root cause, with its traceback if it has one. */
  root_cause: { ts: string; service: string; host: string | null; file: string; line: number | null; offset: number; message: string; traceback: string[]; exception: string | null } | null;
  /** Why it failed, when the logs name a specific cause (core/cause-signatures.ts), e.g. "hypervisor-permission". */
  cause: { id: string; probable_cause: string; next_check: string; links?: string[]; source?: string } | null;
  /** For "no allocation candidates" (current Nova): the placement query, the hosts' last free resources, what limited it, what the logs lack. */
  placement?: PlacementExplanation;
  /** Other lines that explain the failure (errors and telling warnings), in time order. */
  evidence?: { ts: string; service: string; host: string | null; file: string; line: number | null; offset: number; level: string | null; message: string; exception: string | null }[];
  /** The status the API answered the request with (its access line), null when not logged. */
  http_status?: number | null;
  /** For STUCK: where the boot stopped, who never picked it up, and how long the logs went on without it. */
  stuck?: { last_stage: StageName | null; waiting_for: string; last_record: string; logs_until: string; idle_ms: number };
  /** For NoValidHost: the scheduler filter that removed the last hosts. */
  filter: string | null;
  filter_steps: FilterStep[];
  /** Human summary, e.g. "ACTIVE on cmp2 after a reschedule from cmp1". */
  summary: string;
}

export interface Trace {
  schema: 'nova-trace/v1';
  query: string;
  /** The request traced (the boot of an instance uuid asked for); null when none was found. */
  request_id?: string | null;
  /** "boot", "live-migration", "delete", "periodic-task", … ; stages are filled only for "boot". */
  operation: string;
  request_ids: string[];
  global_request_ids: string[];
  instances: string[];
  /** Compute hosts in the order they were tried. */
  hosts: string[];
  attempts: Attempt[];
  /** For a request that built several instances: each one's outcome (stages and attempts are `focus_instance`'s). */
  instance_outcomes?: InstanceOutcome[];
  focus_instance?: string;
  start: string | null;
  end: string | null;
  duration_ms: number | null;
  verdict: Verdict;
  stages: StageSpan[];
  /** Per service/host activity, for every operation (the only timeline for non-boots). */
  timeline: { service: string; host: string | null; start: string; end: string; records: number; errors: number }[];
  records: TraceRecord[];
  /** Compute hosts whose clocks were found off by ≥ 500 ms, and by how much (positive: ahead). */
  clock_offsets: { host: string; offset_ms: number; evidence: string }[];
  /** Lines that matched the query but fit no known format; kept, counted and shown. */
  unparsed: { file: string; line: number | null; offset: number; text: string }[];
  warnings: string[];
}
