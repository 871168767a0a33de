import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDatasetWithdrawal } from './withdraw-dataset.ts';

describe('planDatasetWithdrawal on a still-image dataset', () => {
  it('takes the volunteer\'s probes and probe images out with their reference image', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-withdraw-stills-'));
    for (const sub of ['private', 'references', 'probes']) mkdirSync(path.join(dir, sub));
    for (const f of ['references/v1.jpg', 'references/v2.jpg', 'probes/p-v1-1.jpg', 'probes/p-v2-1.jpg', 'probes/p-v1-2.jpg']) writeFileSync(path.join(dir, f), '');
    const probe = (id: string, volunteer: string) => ({ id, volunteer, image: `probes/${id}.jpg`, deployment: 'stills', camera: 'cctv' });
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
      id: 'm', deployments: [],
      volunteers: [{ id: 'v1', enrolmentImages: ['references/v1.jpg'] }, { id: 'v2', enrolmentImages: ['references/v2.jpg'] }],
      probes: [probe('p-v1-1', 'v1'), probe('p-v2-1', 'v2'), probe('p-v1-2', 'v1')],
    }));
    writeFileSync(path.join(dir, 'private', 'source-key.json'), JSON.stringify({ volunteers: [{ id: 'v1' }, { id: 'v2' }], probes: [{ probe: 'p-v1-1', volunteer: 'v1' }, { probe: 'p-v2-1', volunteer: 'v2' }] }));
    const plan = planDatasetWithdrawal(path.join(dir, 'manifest.json'), 'v1');
    const manifest = JSON.parse(plan.manifest.text) as { probes: { id: string }[]; volunteers: { id: string }[] };
    expect(manifest.probes.map((p) => p.id)).toEqual(['p-v2-1']);
    expect(manifest.volunteers.map((v) => v.id)).toEqual(['v2']);
    expect(plan.images).toEqual(['references/v1.jpg', 'probes/p-v1-1.jpg', 'probes/p-v1-2.jpg']);
    expect(plan.passesRemoved).toBe(2);
    const key = JSON.parse(plan.rewrites.find((r) => r.file === 'private/source-key.json')?.text ?? '{}') as { probes: { probe: string }[] };
    expect(key.probes.map((p) => p.probe)).toEqual(['p-v2-1']);
  });
});
