import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadStudy } from '../../../src/cli/engine/load-study';
import { replayStudy } from '../../../src/cli/engine/replay';
import { CURVE_JSON } from '../table/fixtures';
import { recordingLogger, removeDir, tempDir } from '../support/temp';

const dir = tempDir('rung-budget-');
after(() => removeDir(dir));
fs.writeFileSync(path.join(dir, 'curves.json'), JSON.stringify(CURVE_JSON));

/** A FIFO study over the fixture's three curves; the table backend spends one simulated minute per checkpoint. */
async function runWith(budget: string): Promise<{ ended: string; cost: number }> {
  const file = path.join(dir, `${budget.replace(/\W+/g, '_')}.rung.yaml`);
  fs.writeFileSync(file, [
    'version: 1', 'table: curves.json', 'space:', '  size: {ordinal: [256, 512, 1024]}',
    'objectives:', '  perplexity: {mode: min}', 'searcher: random', 'parallel: 1',
    'scheduler: {type: fifo, resource: checkpoints, max: 6}', `budget: ${budget}`,
  ].join('\n') + '\n');
  const { study } = loadStudy(file);
  const replay = await replayStudy(study, file, 0, {}, recordingLogger());
  return { ended: replay.ended, cost: replay.evaluations[replay.evaluations.length - 1]?.cost ?? 0 };
}

describe('budgets end a run', () => {
  it('wall time, on the run\'s own clock (simulated here)', async () => {
    const r = await runWith('{wall: 5m}');
    assert.match(r.ended, /budget: wall time 300s spent/);
    // Twelve checkpoints exist in all; five minutes allow five (the one under way when time runs out is stopped).
    assert.ok(r.cost >= 4 && r.cost <= 6, `cost ${r.cost}`);
  });

  it('kg CO2e, from configured CPU and RAM watts when no GPU is used, and saying so', async () => {
    // 65 W CPU + 10 W RAM per trial, PUE 1.58, 432 g/kWh: 0.000853 kg per trial-minute, so 0.004 kg lasts about 4.7 minutes.
    const r = await runWith('{co2e_kg: 0.004}');
    assert.match(r.ended, /budget: 0\.004 kg CO2e spent \(PUE 1\.58, carbon intensity 432 g CO2e\/kWh, CPU 65 W and RAM 10 W per running trial \(configured, not measured\)\)/);
    assert.ok(r.cost >= 4 && r.cost <= 6, `cost ${r.cost}`);
  });

  it('trials: the run ends when they are done, not before', async () => {
    const r = await runWith('{trials: 2}');
    assert.match(r.ended, /budget: 2 trials done/);
  });
});
