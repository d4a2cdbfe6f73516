/**
 * A real ASHA run through the engine on two hosts: a promoted trial goes back
 * to the host that holds its checkpoint, so it resumes there instead of
 * training again from scratch on whichever host's slot came first.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, it } from 'node:test';
import { openEngine } from '../../../../src/cli/engine/compose';
import { createRunFolder } from '../../../../src/storage/run-folder';
import { FIXTURES } from '../../engine/engine-harness';
import { lab } from './support';

const l = lab();
after(() => l.cleanup());

it('promotes each trial on the host it last ran on, resuming from its checkpoint there', async () => {
  const ws = path.join(l.base, 'ws');
  fs.mkdirSync(ws);
  const studyFile = path.join(ws, 'asha.rung.yaml');
  const trainer = path.join(FIXTURES, 'trainer.py');
  const text = [
    'version: 1',
    `command: python3 ${trainer} --x {x} --epochs {resource} --out {trial_dir} --sleep 0.02`,
    'space:', '  x: {uniform: [0, 1]}',
    'objectives:', '  score: {mode: max}',
    'scheduler: {type: asha, resource: epochs, min: 1, max: 9, reduction: 3}', 'budget: {trials: 18}',
    // Two trials at once on three GPUs per host: every launch finds a slot free on both hosts, so the choice is the engine's alone.
    'parallel: 2', 'gpus_per_trial: 1', 'seed: 5',
  ].join('\n') + '\n';
  fs.writeFileSync(studyFile, text);
  const run = createRunFolder(ws, text, Date.now());
  const alpha = l.host('alpha', [{ uuid: 'GPU-a0' }, { uuid: 'GPU-a1' }, { uuid: 'GPU-a2' }]);
  const beta = l.host('beta', [{ uuid: 'GPU-b0' }, { uuid: 'GPU-b1' }, { uuid: 'GPU-b2' }]);
  const engine = openEngine({
    run, studyFile, logger: l.logger, fresh: true, pollMs: 20,
    backend: () => l.backend([alpha, beta], { gpusPerTrial: 1 }),
  });
  const state = await engine.tuner.run();
  await engine.close();

  const promoted = [...state.trials.values()].filter((t) => t.launches.length > 1);
  assert.ok(promoted.length >= 3, `ASHA promoted ${promoted.length} trials`);
  const hosts = new Set(promoted.map((t) => t.launches[0]?.host));
  assert.equal(hosts.size, 2, 'trials that first ran on either host were promoted');
  for (const t of promoted) {
    assert.deepEqual(new Set(t.launches.map((x) => x.host)).size, 1, `${t.id} moved host: ${t.launches.map((x) => x.host).join(' -> ')}`);
    const host = t.launches[0]?.host === 'alpha' ? alpha : beta;
    const starts = fs.readFileSync(path.join(l.trialFolder(host, t.id), 'starts'), 'utf8').trim().split('\n');
    assert.deepEqual(starts.map((s) => s.split('->')[0]), t.launches.map((x) => String(x.fromResource)), `${t.id} resumed from its checkpoint at each promotion`);
  }
});
