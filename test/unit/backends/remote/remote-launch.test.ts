import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { drain, outputUntil, request } from '../contract';
import { gpuLines } from './hosts';
import { lab, type Lab } from './support';

describe('remote backend: launches', () => {
  let l: Lab;
  beforeEach(() => (l = lab()));
  afterEach(() => l.cleanup());

  it('puts the trial files under <workdir>/.rung/<run>/<trial>/ on the host, with {trial_dir} relative to the workdir the trial starts in', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const b = l.backend([alpha]);
    assert.equal(b.trialDir('t'), '.rung/run1/t');
    await b.launch(request((await b.freeSlots())[0]!, 't', 't-a', `pwd; cat ${b.trialDir('t')}/c.json`, { configFile: { name: 'c.json', text: '{"lr": 0.1}' } }));
    const { output } = await drain(b, 't-a');
    assert.equal(output, `${fs.realpathSync(alpha.workdir)}\n{"lr": 0.1}`);
    assert.deepEqual(fs.readdirSync(l.trialFolder(alpha, 't')).sort(), ['c.json', 'log', 't-a.exit', 't-a.launch', 't-a.pid']);
  });

  it('continues a promoted trial in its folder: one log, each launch reading its own part, the mirror holding all', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const b = l.backend([alpha]);
    const slot = (await b.freeSlots())[0]!;
    await b.launch(request(slot, 't', 't-a', 'echo first > ckpt; echo epoch1'));
    assert.equal((await drain(b, 't-a')).output, 'epoch1\n');
    await b.launch(request(slot, 't', 't-b', 'cat ckpt; echo epoch2', { fromResource: 1, resource: 3 }));
    const { output, exit } = await drain(b, 't-b');
    assert.equal(output, 'first\nepoch2\n');
    assert.equal(exit.tail, 'first\nepoch2\n');
    assert.equal(fs.readFileSync(path.join(l.trialFolder(alpha, 't'), 'log'), 'utf8'), 'epoch1\nfirst\nepoch2\n');
    assert.equal(fs.readFileSync(path.join(l.runDir, 'trials', 't', 'log'), 'utf8'), 'epoch1\nfirst\nepoch2\n');
  });

  it('refuses to continue a promoted trial whose folder was deleted on its host', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const b = l.backend([alpha]);
    const slot = (await b.freeSlots())[0]!;
    await b.launch(request(slot, 't', 't-a', 'echo one'));
    await drain(b, 't-a');
    fs.rmSync(l.trialFolder(alpha, 't'), { recursive: true });
    await assert.rejects(b.launch(request(slot, 't', 't-b', 'echo two', { fromResource: 1 })), /its trial folder .*\/t on alpha is gone \(deleted\?\), and with it what it reached at 1/);
  });

  it('starts a launch id once even when a restarted engine launches it again', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const counter = path.join(l.base, 'starts');
    const req = request((await l.backend([alpha]).freeSlots())[0]!, 't', 't-a', `echo x >> '${counter}'; echo up; sleep 0.5`);
    const first = l.backend([alpha]);
    const h1 = await first.launch(req);
    await outputUntil(first, 't-a', 'up');
    await first.close();
    const again = l.backend([alpha]);
    assert.deepEqual(await again.launch(req), h1);
    const { output, exit } = await drain(again, 't-a');
    assert.equal(output, 'up\n');
    assert.equal(exit.exitCode, 0);
    assert.equal(fs.readFileSync(counter, 'utf8'), 'x\n');
  });

  it('refuses a slot on a host it does not know, and a launch after close', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const b = l.backend([alpha]);
    await assert.rejects(b.launch(request({ id: 'x/gpu0', host: 'x', gpus: [] }, 't', 't-a', 'true')), /The slot x\/gpu0 is on x, which is not among this study's hosts/);
    await b.close();
    assert.throws(() => b.launch(request({ id: 'alpha/gpu0', host: 'alpha', gpus: [] }, 't', 't-a', 'true')), /closed/);
  });
});
