/**
 * spawnFrameReader: starts a process that writes fixed-size raw frames to its stdout, and reads them ahead of the
 * caller (up to AHEAD frames, so decoding overlaps the caller's work), recycling frame buffers.
 *
 * With the native addon, frames come through a pipe of our own, each read whole on a pool thread (harness/native/
 * frame-pipe.c); without it, from Node's stream of 64 KB chunks, copied into frames on the JavaScript thread.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { native } from '../native/index.ts';

/** Frames held ahead of the caller. */
const AHEAD = 8;

/** A frame's bytes and its place in the child's output (0 for the first frame written). */
export interface ReadFrame {
  index: number;
  data: Uint8Array;
}

/** Frames from a child process's stdout. */
export interface FrameReader {
  child: ChildProcess;
  /** The child's stderr. */
  stderr: Readable;
  /**
   * The next frame (of those `wanted`, when given to the native reader), or undefined once the output has ended (a
   * partial last frame is dropped). The bytes are valid until the following call, which recycles the buffer: copy
   * what you keep.
   * @throws what `wanted` threw.
   */
  next(): Promise<ReadFrame | undefined>;
  /** Stops reading (call after the child has exited or been killed); resolves when no read is in flight. */
  close(): Promise<void>;
}

/** What the child writes: frames of `bytes` bytes delivered as they are, or YUV 4:2:0 frames delivered as RGB. */
export type FrameFormat = { kind: 'bytes'; bytes: number } | { kind: 'yuv420'; width: number; height: number; fullRange: boolean };

/** Bytes of one planar YUV 4:2:0 frame (chroma planes ceil(w/2) x ceil(h/2), as ffmpeg's rawvideo writes them). */
export function yuv420Bytes(width: number, height: number): number {
  return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}

/** Reader settings. */
export interface FrameReaderOptions {
  /** false: the stream reader even where the addon is built (tests compare the two). */
  useNative?: boolean;
  /**
   * Whether frame `index` will be used, asked once per frame in order before it is read. The native reader reads a
   * frame that is not wanted without converting it to RGB and does not deliver it (a replay that keeps one frame in
   * two converts half the frames); the stream reader delivers every frame, so callers check again.
   */
  wanted?: (index: number) => Promise<boolean>;
}

/**
 * Spawns `command args` with stdout delivering frames in `format` and stderr as a stream. A 'yuv420' format needs the
 * native addon (the caller checks `native`).
 */
export function spawnFrameReader(command: string, args: readonly string[], format: FrameFormat, options: FrameReaderOptions = {}): FrameReader {
  const yuv = format.kind === 'yuv420' ? format : null;
  const frameBytes = format.kind === 'bytes' ? format.bytes : format.width * format.height * 3;
  if (yuv !== null && (native === null || options.useNative === false)) throw new Error('spawnFrameReader: YUV frames need the native addon');
  const ready: ReadFrame[] = [];
  const spare: Uint8Array[] = [];
  let inUse: ReadFrame | undefined;
  const newFrame = () => spare.pop() ?? new Uint8Array(frameBytes);
  let ended = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const notify = () => { const w = wake; wake = null; w?.(); };
  const take = async (resume: () => void): Promise<ReadFrame | undefined> => {
    while (ready.length === 0 && !ended) await new Promise<void>((r) => { wake = r; });
    if (inUse !== undefined) spare.push(inUse.data);
    inUse = ready.shift();
    if (inUse === undefined && failure !== null) throw failure.error;
    resume();
    return inUse;
  };

  if (native !== null && options.useNative !== false) {
    const addon = native;
    const [readFd, writeFd] = addon.openPipe();
    let child: ChildProcess;
    try {
      child = spawn(command, args, { stdio: ['ignore', writeFd, 'pipe'] });
    } finally {
      addon.closeFd(writeFd); // the child holds its own copy: the pipe ends when the child exits
    }
    let stopping = false;
    // `running` is set and cleared synchronously around the read loop, so a caller that drains the ready frames
    // between two microtasks always sees whether a loop is still going (a stale flag here stalled a replay).
    let running = false;
    let pumped: Promise<void> = Promise.resolve();
    // one read in flight at a time: YUV frames land in one scratch buffer and are converted into the frame
    let readFrame = (frame: Uint8Array): Promise<number> => addon.readFull(readFd, frame);
    let rawBytes = frameBytes;
    // a frame not wanted is read into this scratch buffer, unconverted
    let scratch: Uint8Array | null = null;
    let skipFrame = (): Promise<number> => addon.readFull(readFd, scratch ??= new Uint8Array(frameBytes));
    if (yuv !== null) {
      const raw = new Uint8Array(yuv420Bytes(yuv.width, yuv.height));
      const { width, height, fullRange } = yuv;
      readFrame = (frame) => addon.readFull(readFd, raw, { rgb: frame, width, height, fullRange });
      skipFrame = () => addon.readFull(readFd, raw);
      rawBytes = raw.length;
    }
    const wanted = options.wanted;
    let index = 0;
    const pump = async () => {
      running = true;
      try {
        while (!stopping && ready.length < AHEAD) {
          let want: boolean;
          try {
            want = wanted === undefined || await wanted(index);
          } catch (error) {
            failure = { error };
            ended = true;
            break;
          }
          if (!want) {
            if ((await skipFrame()) < rawBytes) { ended = true; break; }
            index++;
            continue;
          }
          const frame = newFrame();
          if ((await readFrame(frame)) < rawBytes) { ended = true; break; }
          ready.push({ index: index++, data: frame });
          notify();
        }
      } catch {
        ended = true; // a read error: the child's exit status and stderr say what went wrong
      } finally {
        running = false;
        notify();
      }
    };
    const start = () => {
      if (!running && !ended && !stopping) pumped = pump();
    };
    start();
    return {
      child,
      stderr: child.stderr!,
      next: () => take(() => { if (ready.length < AHEAD / 2) start(); }),
      async close() {
        stopping = true;
        await pumped;
        addon.closeFd(readFd);
      },
    };
  }

  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = child.stdout;
  let frame = newFrame();
  let filled = 0;
  let index = 0;
  stdout.on('data', (chunk: Buffer) => {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(frameBytes - filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === frameBytes) {
        ready.push({ index: index++, data: frame });
        frame = newFrame();
        filled = 0;
      }
    }
    if (ready.length >= AHEAD) stdout.pause();
    notify();
  });
  stdout.on('end', () => { ended = true; notify(); });
  return {
    child,
    stderr: child.stderr,
    next: () => take(() => { if (stdout.isPaused() && ready.length < AHEAD / 2) stdout.resume(); }),
    close: () => { stdout.destroy(); return Promise.resolve(); },
  };
}
