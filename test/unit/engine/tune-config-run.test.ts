/** A study written by Tune This Config runs as written: the trial's config copy carries the sampled values. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { proposeSpace, studyText } from '../../../src/core/space/generate';
import { ROOT, assertJournalInvariants, events, onlyRun, rung, workspace } from './engine-harness';

/** Reads the learning rate from the trial's copy of the config, and reports how far it is from 3e-3. */
const TRAINER = `import json, sys
import re
text = open(sys.argv[sys.argv.index('--config') + 1]).read()
lr = float(re.search(r'^  lr: (\\S+)', text, re.M).group(1))
print('rung: ' + json.dumps({'loss': abs(lr - 3e-3)}))
`;

test('the generated study for a Hydra config runs, and each trial reads its sampled values from {config}', () => {
  const ws = workspace();
  const configText = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'tune-config', 'hydra-config.yaml'), 'utf8');
  fs.writeFileSync(path.join(ws, 'train.yaml'), configText);
  fs.writeFileSync(path.join(ws, 'train.py'), TRAINER);
  const picked = proposeSpace(configText, 'yaml').filter((p) => p.pickedByDefault);
  const text = studyText(picked, 'train.yaml', 'python3 train.py --config {config}');
  assert.match(text, /^budget: \{trials: 20\}$/m);
  fs.writeFileSync(path.join(ws, 'train.rung.yaml'), text.replace('budget: {trials: 20}', 'budget: {trials: 3}'));

  const r = rung(['run', 'train.rung.yaml', '--workspace', ws], ws);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const run = onlyRun(ws);
  assertJournalInvariants(events(run));
  const status = JSON.parse(rung(['status', run.id, '--json', '--workspace', ws], ws).stdout);
  assert.equal(status.states.completed, 3);
  for (const t of status.trialList as { id: string; config: Record<string, number> }[]) {
    const written = parse(fs.readFileSync(path.join(run.dir, 'trials', t.id, 'config.yaml'), 'utf8'));
    for (const p of picked) {
      const [group, key] = p.key.split('.') as [string, string];
      assert.equal(written[group][key], t.config[p.key], `${t.id}: ${p.key}`);
    }
    assert.deepEqual(written.defaults, [{ model: 'transformer' }, { optimizer: 'adamw' }, '_self_'], 'the rest of the config is kept');
  }
  const best = status.leaderboards.loss[0];
  assert.ok(Math.abs(best.value - Math.abs(best.config['optimizer.lr'] - 3e-3)) < 1e-9, JSON.stringify(best));
  fs.rmSync(ws, { recursive: true, force: true });
});
