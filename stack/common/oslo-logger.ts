// Writes log lines the way oslo.log does with its default format strings, one file per
// service: `<date time.ms> <pid> <LEVEL> <logger> [<context>] [instance: <uuid>] <message>`,
// DEBUG lines ending in ` <func> <path>:<lineno>`, and exceptions as one line per traceback
// line carrying the exception prefix `<ts> <pid> ERROR <logger> [instance: <uuid>]` and no
// context. Lines are buffered and flushed on the next tick (and at exit) so a burst of log
// calls costs one write.

import fs from 'node:fs';
import path from 'node:path';
import { contextBracket, type RequestContext } from './request-context.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface LogSink {
  write(line: string): void;
  flush(): void;
}

/** Appends to one file; the file is reopened when it disappears (rotation by rename or delete). */
export class FileSink implements LogSink {
  private buf: string[] = [];
  private scheduled = false;
  private fd: number;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'a');
    process.on('exit', () => this.flush());
  }

  write(line: string): void {
    this.buf.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.buf.length === 0) return;
    const text = this.buf.join('');
    this.buf = [];
    if (!fs.existsSync(this.file)) {
      fs.closeSync(this.fd);
      this.fd = fs.openSync(this.file, 'a');
    }
    fs.writeSync(this.fd, text);
  }
}

/** Wall clock with an optional offset (the clock-skew fault shifts one host's log clock). */
export interface LogClock { now(): number }
export const systemClock: LogClock = { now: () => Date.now() };

function two(n: number): string { return n < 10 ? `0${n}` : String(n); }

export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** `file` is relative to nova's package, or absolute for other projects (keystone, glance, neutron). */
export interface Where { func: string; file: string; line: number }

const sourcePath = (file: string) => (file.startsWith('/') ? file : `/usr/lib/python3/dist-packages/nova/${file}`);

export class OsloLogger {
  constructor(
    readonly name: string,
    private readonly sink: LogSink,
    private readonly clock: LogClock = systemClock,
    private readonly debugEnabled = true,
  ) {}

  child(name: string): OsloLogger {
    return new OsloLogger(name, this.sink, this.clock, this.debugEnabled);
  }

  private prefix(level: LogLevel): string {
    return `${formatTimestamp(this.clock.now())} ${process.pid} ${level} ${this.name}`;
  }

  log(level: LogLevel, ctx: RequestContext | null, instance: string | null, message: string, where?: Where): void {
    if (level === 'DEBUG' && !this.debugEnabled) return;
    const inst = instance ? `[instance: ${instance}] ` : '';
    const suffix = level === 'DEBUG' && where ? ` ${where.func} ${sourcePath(where.file)}:${where.line}` : '';
    this.sink.write(`${this.prefix(level)} ${contextBracket(ctx)} ${inst}${message}${suffix}\n`);
  }

  debug(ctx: RequestContext | null, instance: string | null, message: string, where: Where): void { this.log('DEBUG', ctx, instance, message, where); }
  info(ctx: RequestContext | null, instance: string | null, message: string): void { this.log('INFO', ctx, instance, message); }
  warning(ctx: RequestContext | null, instance: string | null, message: string): void { this.log('WARNING', ctx, instance, message); }
  error(ctx: RequestContext | null, instance: string | null, message: string): void { this.log('ERROR', ctx, instance, message); }

  /** LOG.exception: the message, then the traceback one line each with the exception prefix. */
  exception(ctx: RequestContext | null, instance: string | null, message: string, traceback: readonly string[]): void {
    this.log('ERROR', ctx, instance, message);
    const inst = instance ? ` [instance: ${instance}]` : '';
    const prefix = `${this.prefix('ERROR')}${inst} `;
    for (const line of traceback) this.sink.write(`${prefix}${line}\n`);
  }

  /** A headerless continuation (guest XML, JSON bodies), as Nova writes multi-line messages. */
  continuation(lines: readonly string[]): void {
    for (const l of lines) this.sink.write(`${l}\n`);
  }

  flush(): void {
    this.sink.flush();
  }
}
