import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { loadManifest } from './load-manifest.ts';
import { loadProtocol } from './load-protocol.ts';

const dims = loadProtocol('protocols/npl-2023-lfr.json').dimensions;
const example = 'datasets/examples/small/manifest.json';
const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-manifest-'));

type Json = Record<string, unknown> & { volunteers: Record<string, unknown>[]; passes: Record<string, unknown>[]; deployments: unknown[] };
const fresh = (): Json => JSON.parse(readFileSync(example, 'utf8')) as Json;

function message(m: Json): string {
  const file = path.join(dir, 'm.json');
  writeFileSync(file, JSON.stringify(m));
  try {
    loadManifest(file, dims, { filesMustExist: false });
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('loadManifest', () => {
  it('accepts the documented example', () => {
    const m = loadManifest(example, dims, { filesMustExist: false });
    expect(m.volunteers).toHaveLength(3);
    expect(m.volunteers[2]?.enrolled).toBe(false);
    expect(m.root).toBe(path.resolve('datasets/examples/small'));
  });

  it('rejects duplicate ids', () => {
    const m = fresh();
    m.volunteers.push({ ...m.volunteers[0] });
    expect(message(m)).toMatch(/m\.json: volunteers\[3\]\.id: expected an id not used before, got "v001"/);
  });

  it('rejects a pass whose volunteer does not exist', () => {
    const m = fresh();
    (m.passes[0] as Record<string, unknown>).volunteer = 'v999';
    expect(message(m)).toMatch(/passes\[0\]\.volunteer: expected the id of a volunteer in volunteers\[\], got "v999"/);
  });

  it('rejects a demographic value outside the schema', () => {
    const m = fresh();
    (m.volunteers[1] as Record<string, unknown>).ethnicity = 'east_asian';
    expect(message(m)).toMatch(/volunteers\[1\]\.ethnicity: expected one of asian, black, mixed, white, other or null, got "east_asian"/);
  });

  it('rejects one volunteer in two places at once, and a pass that ends before it starts', () => {
    const m = fresh();
    m.passes.push({ volunteer: 'v001', deployment: 'd1', camera: 'cam2', tStartMs: 61000, tEndMs: 62000 });
    m.passes.push({ volunteer: 'v002', deployment: 'd1', camera: 'cam1', tStartMs: 5000, tEndMs: 5000 });
    const msg = message(m);
    expect(msg).toMatch(/passes\[4\]: expected volunteer v001 in one place at a time \(overlaps passes\[0\] at camera cam1, whose view does not overlap camera cam2's\)/);
    expect(msg).toMatch(/passes\[5\]\.tEndMs: expected a time after tStartMs \(5000\)/);
  });

  it('rejects a wrong type and an unknown camera', () => {
    const m = fresh();
    (m.passes[0] as Record<string, unknown>).tStartMs = 'soon';
    (m.passes[1] as Record<string, unknown>).camera = 'cam9';
    expect(message(m)).toMatch(/passes\[0\]\.tStartMs: expected a number, got "soon"/);
    const m2 = fresh();
    (m2.passes[1] as Record<string, unknown>).camera = 'cam9';
    expect(message(m2)).toMatch(/passes\[1\]\.camera: expected a camera of deployment d1 \(cam1, cam2\), got "cam9"/);
  });

  it('lets a volunteer be seen by two cameras at once when the deployment declares their views as overlapping', () => {
    const m = fresh();
    m.passes.push({ volunteer: 'v001', deployment: 'd1', camera: 'cam2', tStartMs: 61000, tEndMs: 62000 });
    (m.deployments as Record<string, unknown>[])[0]!.overlappingViews = [['cam1', 'cam2']];
    const file = path.join(dir, 'overlap.json');
    writeFileSync(file, JSON.stringify(m));
    expect(loadManifest(file, dims, { filesMustExist: false }).passes).toHaveLength(5);
  });

  it('accepts zones and boxes in the camera frame (a box may reach past the frame\'s edge)', () => {
    const m = withFrames(fresh());
    m.passes[0]!.place = { kind: 'zone', polygon: [[0, 0], [640, 0], [640, 480]] };
    m.passes[1]!.place = { kind: 'boxes', boxes: [{ tMs: 900000, x: -20, y: 10, w: 60, h: 80 }, { tMs: 901000, x: 600, y: 400, w: 60, h: 80 }] };
    const file = path.join(dir, 'places.json');
    writeFileSync(file, JSON.stringify(m));
    const loaded = loadManifest(file, dims, { filesMustExist: false });
    expect(loaded.passes[0]?.place?.kind).toBe('zone');
    expect(loaded.passes[1]?.place).toMatchObject({ kind: 'boxes', boxes: [{ tMs: 900000 }, { tMs: 901000 }] });
  });

  it('rejects a zone outside the frame, boxes out of time order or outside the pass, and a place at a camera of unknown frame size', () => {
    const m = withFrames(fresh());
    m.passes[0]!.place = { kind: 'zone', polygon: [[0, 0], [700, 0], [640, 480]] };
    m.passes[1]!.place = { kind: 'boxes', boxes: [{ tMs: 901000, x: 0, y: 0, w: 10, h: 10 }, { tMs: 900500, x: 0, y: 0, w: 10, h: 10 }, { tMs: 903500, x: 0, y: 0, w: 10, h: 10 }] };
    m.passes[2]!.place = { kind: 'boxes', boxes: [{ tMs: 120000, x: 650, y: 10, w: 10, h: 10 }] };
    m.passes[3]!.place = { kind: 'zone', polygon: [[0, 0], [10, 10], [20, 20]] };
    const msg = message(m);
    expect(msg).toMatch(/m\.json: passes\[0\]\.place\.polygon\[1\]: expected a point inside the 640x480 frame of d1\/cam1, got \[700,0\]/);
    expect(msg).toMatch(/passes\[1\]\.place\.boxes\[1\]\.tMs: expected boxes in time order \(after boxes\[0\]\.tMs = 901000\), got 900500/);
    expect(msg).toMatch(/passes\[1\]\.place\.boxes\[2\]\.tMs: expected a time within the pass \(900000 <= t < 903500\), got 903500/);
    expect(msg).toMatch(/passes\[2\]\.place\.boxes\[0\]: expected a box at least partly inside the 640x480 frame of d1\/cam1/);
    expect(msg).toMatch(/passes\[3\]\.place\.polygon: expected a polygon enclosing an area/);
    const noFrame = fresh();
    noFrame.passes[0]!.place = { kind: 'zone', polygon: [[0, 0], [10, 0], [10, 10]] };
    expect(message(noFrame)).toMatch(/passes\[0\]\.place: expected a place only at a camera whose frame size is given \(width and height of d1\/cam1\), got zone/);
  });

  it('takes a camera\'s zone of interest inside its frame, and names a zone outside it, at a camera of unknown frame size or with no area', () => {
    const cameras = (m: Json): Record<string, unknown>[] => (m.deployments as { cameras: Record<string, unknown>[] }[])[0]!.cameras;
    const m = withFrames(fresh());
    Object.assign(cameras(m)[0]!, { zoneOfInterest: { x: 0, y: 160, w: 640, h: 320 } });
    const file = path.join(dir, 'zone.json');
    writeFileSync(file, JSON.stringify(m));
    expect(loadManifest(file, dims, { filesMustExist: false }).deployments[0]?.cameras[0]?.zoneOfInterest).toEqual({ x: 0, y: 160, w: 640, h: 320 });
    Object.assign(cameras(m)[1]!, { zoneOfInterest: { x: 100, y: 200, w: 600, h: 100 } });
    expect(message(m)).toMatch(/m\.json: deployments\[0\]\.cameras\[1\]\.zoneOfInterest: expected a rectangle inside the 640x480 frame of d1\/cam2, got x 100, y 200, w 600, h 100 \(reaching 700, 300\)/);
    const noFrame = fresh();
    Object.assign(cameras(noFrame)[0]!, { zoneOfInterest: { x: 0, y: 0, w: 10, h: 10 } });
    expect(message(noFrame)).toMatch(/deployments\[0\]\.cameras\[0\]\.zoneOfInterest: expected a zone of interest only at a camera whose frame size is given \(width and height of d1\/cam1\)/);
    const flat = withFrames(fresh());
    Object.assign(cameras(flat)[0]!, { zoneOfInterest: { x: 0, y: 0, w: 0, h: 10 } });
    expect(message(flat)).toMatch(/deployments\[0\]\.cameras\[0\]\.zoneOfInterest\.w/);
  });

  it('rejects overlapping views naming unknown cameras, and a pass at a camera the deployment does not have', () => {
    const m = fresh();
    (m.deployments as Record<string, unknown>[])[0]!.overlappingViews = [['cam1', 'cam7']];
    m.crowdPasses = [{ deployment: 'd1', camera: 'cam3', tStartMs: 0, tEndMs: 1000 }];
    const msg = message(m);
    expect(msg).toMatch(/deployments\[0\]\.overlappingViews\[0\]\[1\]: expected a camera of deployment d1 \(cam1, cam2\), got "cam7"/);
    expect(msg).toMatch(/crowdPasses\[0\]\.camera: expected a camera of deployment d1 \(cam1, cam2\), got "cam3"/);
  });
});

/** The example with frame sizes on its cameras. */
function withFrames(m: Json): Json {
  for (const d of m.deployments as { cameras: Record<string, unknown>[] }[]) for (const c of d.cameras) Object.assign(c, { width: 640, height: 480 });
  return m;
}
