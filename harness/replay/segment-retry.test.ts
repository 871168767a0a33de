/**
 * Segment retries through an adapter: a process that crashes in the middle of a segment is started again and the
 * segment replayed from its start; one that keeps crashing past its retries leaves the segment failed, and the next
 * run over the same folder replays that segment (and only that one) while keeping what was done.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AdapterSettings } from '../algorithms/index.ts';
import { sharedFile } from '../footage/index.ts';
import { makeMovingFacesClip } from './moving-faces-clip.ts';
import { runReplay } from './run-replay.ts';
import type { Segment } from './segment.ts';

const lfw = sharedFile('datasets/lfw-dev/images');

describe.skipIf(!lfw.present)('a segment whose adapter crashes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-segment-retry-'));
  const clip = path.join(dir, 'clip.avi');
  // the test adapter (no model: every template is the same 4 values) misbehaving on its "template" requests
  const adapter = (mode: string): AdapterSettings => ({
    command: [process.execPath, path.resolve('harness/algorithms/external/fixtures/misbehaving-adapter.js'), mode, path.join(dir, `${mode}.done`)], timeoutMs: 5000, startTimeoutMs: 20_000, retries: 1,
  });
  const replay = async (mode: string, outDir: string, segments: Segment[]) =>
    runReplay({ algorithm: `bad-${mode}`, algorithmOptions: { adapter: adapter(mode) }, galleryFile: null, segments, outDir, workers: 1, options: { everyMs: 200 } });

  it('replays the crashed segment again; marks one failed past its retries; the next run resumes it', async () => {
    const face = path.join(lfw.path, 'Colin_Powell', 'Colin_Powell_0001.jpg');
    await makeMovingFacesClip(clip, [{ imagePath: face, tInMs: 0, tOutMs: 1000, from: [10, 10], to: [60, 20] }, { imagePath: face, tInMs: 1000, tOutMs: 2000, from: [60, 20], to: [10, 10] }], { width: 400, height: 300, fps: 10, durationMs: 2000 });
    const segments: Segment[] = [0, 1].map((k) => ({ id: `s${k}`, deployment: 'd1', camera: 'cam1', source: { kind: 'video', file: clip, startMs: k * 1000, endMs: (k + 1) * 1000 } }));

    const once = await replay('crash-once', path.join(dir, 'once'), segments);
    expect(once.failed).toEqual([]);
    expect(once.done).toEqual(['s0', 's1']);
    expect(once.retried).toEqual(['s0']); // the first template request of s0 crashed the process
    // progress counts each frame once: s0's frames before the crash are not counted again when it is replayed
    const clean = await replay('well', path.join(dir, 'clean'), segments);
    expect(clean.frames).toBeGreaterThan(0);
    expect(once.frames).toBe(clean.frames);

    const out = path.join(dir, 'always');
    const always = await replay('always-crash', out, segments.slice(0, 1));
    expect(always.done).toEqual([]);
    expect(always.failed.map((f) => f.segmentId)).toEqual(['s0']);
    expect(always.failed[0]?.error).toMatch(/exited \(code 4\) on "template" \(1 try\).*crashing again.*\[tried 2 times\]/s);
    const resumed = await replay('well', out, segments);
    expect([resumed.done, resumed.resumed, resumed.failed]).toEqual([['s0', 's1'], [], []]);
    const again = await replay('well', out, segments);
    expect([again.done, again.resumed]).toEqual([[], ['s0', 's1']]);
  }, 180_000);
});
