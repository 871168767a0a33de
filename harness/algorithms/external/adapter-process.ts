/**
 * AdapterProcess: one running adapter program and the JSON-lines conversation with it. Requests go one at a time
 * (the protocol has no concurrency): each waits for the reply with its id, up to a timeout. A process that exits, or
 * does not answer in time, is killed and started again (hello, then the galleries it had, again), and the request is
 * sent again, up to `requestRetries` times (default `retries`); a request that still fails throws AdapterFailedError,
 * and the next request starts the process again (galleries enrolled again first). A reply that is out of protocol (not JSON, the wrong id, a shape the schema
 * refuses) stops the process with an AdapterProtocolError that quotes what it sent. Everything it writes on standard
 * error is kept (the last 64 KiB, and appended to `stderrFile` when given). An adapter whose hello declares opaque
 * templates must offer search, compare and fuse.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ADAPTER_PROTOCOL_VERSION, ErrorReplySchema, REPLY_SCHEMAS, type AdapterRequest, type HelloReply, type ReplyOf, type RequestOp } from './adapter-messages.ts';

/** How to start and talk to an adapter. */
export interface AdapterSettings {
  /** The program and its arguments. */
  command: readonly string[];
  /** Longest wait for one reply (ms); the process is then taken as hung. */
  timeoutMs: number;
  /** Longest wait for the hello reply (ms): model loading. */
  startTimeoutMs: number;
  /** Times a request (or, in a replay, a segment) is sent again after a crash or a hang. */
  retries: number;
  /**
   * Times a request itself is sent again (default `retries`). A replay sets 0: a crash or hang fails the request,
   * the process is started again at the next request, and the replay retries the whole segment.
   */
  requestRetries?: number;
  /** Working folder of the process. */
  cwd?: string | undefined;
  /** A file its standard error is appended to (the run log). */
  stderrFile?: string | undefined;
}

/** The adapter answered out of protocol: stopped, never retried. */
export class AdapterProtocolError extends Error {
  override readonly name = 'AdapterProtocolError';
}

/** The adapter could not be brought to answer (crashed or hung on every try). */
export class AdapterFailedError extends Error {
  override readonly name = 'AdapterFailedError';
}

/** The adapter answered a request with an error reply (its own refusal). */
export class AdapterRefusedError extends Error {
  override readonly name = 'AdapterRefusedError';
}

type Outcome = { kind: 'line'; line: string } | { kind: 'exit'; code: number | null; signal: string | null } | { kind: 'timeout' };
type Body<O extends RequestOp> = Omit<Extract<AdapterRequest, { op: O }>, 'id' | 'op'>;

const STDERR_KEEP = 64 * 1024;
/** What an adapter with opaque templates must offer: Evenhand cannot search, compare or average its templates. */
const OPAQUE_OPS = ['search', 'compare', 'fuse'] as const;
const quote = (line: string): string => JSON.stringify(line.length > 300 ? `${line.slice(0, 300)}...` : line);

/** A running adapter. Create with {@link AdapterProcess.start}. */
export class AdapterProcess {
  private child: ChildProcessWithoutNullStreams | null = null;
  private lines: string[] = [];
  private waiting: ((o: Outcome) => void) | null = null;
  private exited: Outcome | null = null;
  private nextId = 0;
  private stderrTail = '';
  /** Why the process may not be started again (stopped out of protocol, or closed). */
  private stopped: string | null = null;
  private readonly galleries = new Map<string, Body<'enrol'>['entries'][number][]>();
  /** Times the process was started again after a crash or hang. */
  restarts = 0;
  hello: HelloReply | null = null;

  private constructor(private readonly settings: AdapterSettings) {}

  /**
   * Starts the adapter and shakes hands.
   * @throws AdapterProtocolError when it answers hello out of protocol; AdapterFailedError when it never answers.
   */
  static async start(settings: AdapterSettings): Promise<AdapterProcess> {
    if (settings.command.length === 0) throw new AdapterFailedError('adapter command is empty');
    const p = new AdapterProcess(settings);
    await p.launch();
    return p;
  }

  /** What the adapter wrote on standard error (the last 64 KiB). */
  stderr(): string {
    return this.stderrTail;
  }

  /**
   * Sends one request and returns its reply, restarting and retrying after a crash or a hang.
   * @throws AdapterRefusedError (an error reply), AdapterProtocolError (out of protocol), AdapterFailedError (no answer after the retries).
   */
  async request<O extends RequestOp>(op: O, body: Body<O>): Promise<ReplyOf<O>> {
    const retries = this.settings.requestRetries ?? this.settings.retries;
    for (let attempt = 0; ; attempt++) {
      if (this.stopped !== null) throw new AdapterProtocolError(this.stopped);
      if (this.child === null || this.exited !== null) {
        // it crashed or hung on an earlier request whose failure was left to the caller (a segment retried): start again
        this.restarts++;
        await this.relaunch();
      }
      const r = await this.exchange(op, body, this.settings.timeoutMs);
      if (r.kind === 'reply') return r.reply;
      this.child?.kill('SIGKILL');
      this.child = null;
      if (attempt >= retries) {
        throw new AdapterFailedError(`adapter ${this.describe()} ${r.why} on "${op}" (${attempt + 1} tr${attempt === 0 ? 'y' : 'ies'}); its stderr ends: ${this.stderrTail.slice(-500) || '(nothing)'}`);
      }
    }
  }

  /** Enrols templates into a gallery of the adapter, remembered so that a restarted process gets them again. */
  async enrol(gallery: string, entries: Body<'enrol'>['entries']): Promise<ReplyOf<'enrol'>> {
    const reply = await this.request('enrol', { gallery, entries });
    this.galleries.set(gallery, [...(this.galleries.get(gallery) ?? []), ...entries]);
    return reply;
  }

  /** Says bye and waits for the process to end (killed after the timeout). */
  async close(): Promise<void> {
    this.stopped ??= `adapter ${this.describe()} was closed`;
    const child = this.child;
    if (child === null || this.exited !== null) return;
    try {
      await this.exchange('bye', {}, Math.min(this.settings.timeoutMs, 5000));
    } catch {
      // closing anyway
    }
    if (this.exited === null) {
      const gone = this.next(2000);
      child.stdin.end();
      if ((await gone).kind === 'timeout') child.kill('SIGKILL');
    }
    this.child = null;
  }

  private describe(): string {
    return `${JSON.stringify(this.settings.command.join(' '))}${this.hello === null ? '' : ` (${this.hello.name} ${this.hello.version})`}`;
  }

  private async launch(): Promise<void> {
    const [program, ...args] = this.settings.command;
    const child = spawn(program ?? '', args, { cwd: this.settings.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.lines = [];
    this.exited = null;
    const deliver = (o: Outcome): void => {
      const w = this.waiting;
      if (w !== null) { this.waiting = null; w(o); } else if (o.kind === 'line') this.lines.push(o.line);
    };
    createInterface({ input: child.stdout }).on('line', (line) => { if (this.child === child) deliver({ kind: 'line', line }); });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_KEEP);
      if (this.settings.stderrFile !== undefined) appendFileSync(this.settings.stderrFile, text);
    });
    child.stdin.on('error', () => undefined); // a dead process's pipe: seen as its exit
    const onExit = (code: number | null, signal: string | null): void => {
      if (this.child !== child) return;
      this.exited = { kind: 'exit', code, signal };
      deliver(this.exited);
    };
    child.on('exit', onExit);
    child.on('error', (err) => {
      this.stderrTail += `\n[evenhand] could not start: ${err.message}`;
      onExit(null, null);
    });
    const r = await this.exchange('hello', { protocol: ADAPTER_PROTOCOL_VERSION }, this.settings.startTimeoutMs);
    if (r.kind !== 'reply') throw new AdapterFailedError(`adapter ${this.describe()} ${r.why} on "hello"; its stderr ends: ${this.stderrTail.slice(-500) || '(nothing)'}`);
    if (!r.reply.ops.includes('template')) this.protocolError(`a hello whose ops include "template"`, JSON.stringify(r.reply));
    const lacking = OPAQUE_OPS.filter((op) => !r.reply.ops.includes(op));
    if (r.reply.templates === 'opaque' && lacking.length > 0) this.protocolError(`a hello with opaque templates whose ops include ${OPAQUE_OPS.map((op) => `"${op}"`).join(', ')} (missing ${lacking.join(', ')})`, JSON.stringify(r.reply));
    this.hello = r.reply;
    for (const [gallery, entries] of this.galleries) {
      const again = await this.exchange('enrol', { gallery, entries }, this.settings.timeoutMs);
      if (again.kind !== 'reply') throw new AdapterFailedError(`adapter ${this.describe()} ${again.why} on "enrol" after a restart`);
    }
  }

  private async relaunch(): Promise<void> {
    this.child?.kill('SIGKILL');
    this.child = null;
    await this.launch();
  }

  private next(timeoutMs: number): Promise<Outcome> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve({ kind: 'line', line: queued });
    if (this.exited !== null) return Promise.resolve(this.exited);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiting = null; resolve({ kind: 'timeout' }); }, timeoutMs);
      this.waiting = (o) => { clearTimeout(timer); resolve(o); };
    });
  }

  /** One request and its reply; a crash or hang is returned (for a retry), anything out of protocol thrown. */
  private async exchange<O extends RequestOp>(op: O, body: Body<O>, timeoutMs: number): Promise<{ kind: 'reply'; reply: ReplyOf<O> } | { kind: 'failed'; why: string }> {
    const child = this.child;
    if (child === null || this.exited !== null) return { kind: 'failed', why: 'exited' };
    const id = this.nextId++;
    child.stdin.write(`${JSON.stringify({ id, op, ...body })}\n`);
    const o = await this.next(timeoutMs);
    if (o.kind === 'timeout') return { kind: 'failed', why: `did not answer within ${timeoutMs} ms` };
    if (o.kind === 'exit') return { kind: 'failed', why: `exited (code ${o.code ?? 'none'}${o.signal === null ? '' : `, signal ${o.signal}`})` };
    let value: unknown;
    try {
      value = JSON.parse(o.line);
    } catch {
      this.protocolError(`one JSON object per line in reply to "${op}" (id ${id})`, o.line);
    }
    const refused = ErrorReplySchema.safeParse(value);
    if (refused.success && refused.data.id === id) throw new AdapterRefusedError(`adapter ${this.describe()} refused "${op}": ${refused.data.error}`);
    const parsed = REPLY_SCHEMAS[op].safeParse(value);
    if (!parsed.success || parsed.data.id !== id) {
      const issue = parsed.success ? `id ${id}` : parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(reply)'}: ${i.message}`).join('; ');
      this.protocolError(`a "${op}" reply with id ${id} (docs/adapter-protocol/${op}.reply.schema.json); ${issue}`, o.line);
    }
    return { kind: 'reply', reply: parsed.data as ReplyOf<O> };
  }

  private protocolError(expected: string, got: string): never {
    this.child?.kill('SIGKILL');
    this.child = null;
    this.stopped = `adapter ${this.describe()} answered out of protocol and was stopped: expected ${expected}, got ${quote(got)}`;
    throw new AdapterProtocolError(this.stopped);
  }
}
