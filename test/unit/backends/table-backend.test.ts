import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkStudy } from '../../../src/core/space/validate';
import { tableRunFor } from '../../../src/backends/table/from-study';
import type { BackendEvent, LaunchRequest, Slot } from '../../../src/core/ports';
import { SimulatedClock } from '../../../src/backends/table/clock';
import { TableBackend, type TableBackendOptions } from '../../../src/backends/table/table-backend';
import { curveTable, scalarTable } from '../table/fixtures';

const START = 1_000_000;
const MIN = 60_000;

function setup(overrides: Partial<TableBackendOptions> = {}): { backend: TableBackend; clock: SimulatedClock } {
  const clock = new SimulatedClock(START);
  const backend = new TableBackend({ table: curveTable(), source: 'curves.json', objectives: [{ name: 'perplexity', mode: 'min' }], clock, seed: 1, ...overrides });
  return { backend, clock };
}

function request(slot: Slot, launch: string, fromResource: number, resource: number, extra: Partial<LaunchRequest> = {}): LaunchRequest {
  return { runId: 'r', trial: launch.split('.')[0] as string, launch, slot, command: '', resource, fromResource, env: {}, config: {}, ...extra };
}

/** The loop's part, by hand: poll until nothing is left, noting the simulated time each event was delivered at. */
async function drain(backend: TableBackend, clock: SimulatedClock): Promise<{ at: number; event: BackendEvent }[]> {
  const seen: { at: number; event: BackendEvent }[] = [];
  for (let polls = 0; polls < 1000; polls++) {
    const events = await backend.poll(Number.POSITIVE_INFINITY);
    if (events.length === 0) return seen;
    for (const event of events) seen.push({ at: clock.now(), event });
  }
  assert.fail('the backend never ran out of events');
}

const brief = (seen: { at: number; event: BackendEvent }[]): unknown[] => seen.map(({ at, event }) => {
  const t = (at - START) / MIN;
  if (event.type === 'metric') return [t, event.launch, event.resource, event.values['perplexity'], event.converged === true];
  if (event.type === 'exit') return [t, event.launch, 'exit', event.exitCode, event.signal ?? null];
  return [t, event.type];
});

describe('the table backend', () => {
  it('replays a trial checkpoint by checkpoint on the simulated clock, then resumes it paying only new checkpoints', async () => {
    const { backend, clock } = setup();
    const [slot] = await backend.freeSlots();
    assert.deepEqual(slot, { id: 'table-0', host: 'table', gpus: [] });
    const handle = await backend.launch(request(slot!, 't1.1', 0, 3, { row: '2' }));
    assert.deepEqual(handle, { host: 'table', gpus: [], handle: 'row 2' });
    assert.deepEqual(await backend.freeSlots(), [], 'the only slot is busy while the trial runs');

    // Row 2's curve is [20, 10, 12, 3, 5, 4]: one simulated minute per checkpoint, best so far reported.
    assert.deepEqual(brief(await drain(backend, clock)), [[1, 't1.1', 1, 20, false], [2, 't1.1', 2, 10, false], [3, 't1.1', 3, 10, false], [3, 't1.1', 'exit', 0, null]]);
    assert.equal(backend.spent(), 3);
    assert.equal((await backend.freeSlots()).length, 1, 'the exit frees the slot');

    await backend.launch(request(slot!, 't1.2', 3, 27, { row: '2' }));
    assert.deepEqual(brief(await drain(backend, clock)), [[4, 't1.2', 4, 3, false], [5, 't1.2', 5, 3, false], [6, 't1.2', 6, 3, true], [6, 't1.2', 'exit', 0, null]]);
    assert.equal(backend.spent(), 6, 'the resume paid checkpoints 4-6 only');
    assert.equal(clock.now(), START + 6 * MIN);
  });

  it('resolves a proposal to the nearest row, in the proposal\'s own parameters, and launches it', async () => {
    const { backend, clock } = setup();
    // size 700 lies between 512 (rank 0.5) and 1024 (rank 1) at rank 0.68: row 1 (512, heads 8) is nearest.
    assert.deepEqual(backend.resolveConfig({ size: 700, heads: 8 }), { config: { size: 512, heads: 8 }, row: '1' });
    const [slot] = await backend.freeSlots();
    await backend.launch(request(slot!, 't2.1', 0, 5, { config: { size: 700, heads: 8 } }));
    const seen = await drain(backend, clock);
    assert.deepEqual(brief(seen), [[1, 't2.1', 1, 5, false], [2, 't2.1', 2, 4, true], [2, 't2.1', 'exit', 0, null]]);
    const exit = seen[seen.length - 1]?.event;
    assert.ok(exit?.type === 'exit' && /table row 1: checkpoints 1-2 of 2 \(the curve ends here: converged\)/.test(exit.tail));
  });

  it('resolves a proposal as a function of it and the seed alone, breaking ties at random per seed', () => {
    // lr 0.00045 has rank 0.25: rows 10 (0.0003) and 12 (0.0006) are equally near.
    const tied = { lr: 0.00045, layers: 2 };
    const scalar = (seed: number) => setup({ table: scalarTable(), source: 'scalar.json', objectives: [{ name: 'dev_bleu', mode: 'max' }], seed }).backend;
    const picked = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const backend = scalar(seed);
      const first = backend.resolveConfig(tied).row;
      for (let i = 0; i < 5; i++) backend.resolveConfig({ lr: 0.0003 + i * 0.0001, layers: 4 });
      assert.equal(backend.resolveConfig(tied).row, first, 'other resolutions in between change nothing');
      assert.equal(scalar(seed).resolveConfig(tied).row, first, 'a fresh backend (a resumed run) resolves the same');
      picked.add(first);
    }
    assert.deepEqual([...picked].sort(), ['10', '12']);
  });

  it('stops a trial at the current checkpoint: later checkpoints never happen and are not paid', async () => {
    const { backend, clock } = setup();
    const [slot] = await backend.freeSlots();
    await backend.launch(request(slot!, 't3.1', 0, 4, { row: '0' }));
    const first = await backend.poll(Number.POSITIVE_INFINITY);
    assert.deepEqual(first.map((e) => e.type === 'metric' && e.resource), [1]);
    await backend.stop('t3.1');
    const rest = await drain(backend, clock);
    assert.deepEqual(brief(rest), [[1, 't3.1', 'exit', null, 'SIGTERM']]);
    assert.equal(backend.spent(), 1);
    await backend.stop('t3.1');
    assert.deepEqual(await backend.poll(Number.POSITIVE_INFINITY), [], 'stopping an ended launch does nothing');
  });

  it('honours the wait: a poll shorter than the next checkpoint moves the clock by the wait and returns nothing', async () => {
    const { backend, clock } = setup();
    const [slot] = await backend.freeSlots();
    await backend.launch(request(slot!, 't4.1', 0, 1, { row: '0' }));
    assert.deepEqual(await backend.poll(20_000), []);
    assert.equal(clock.now(), START + 20_000);
    assert.deepEqual(await backend.poll(0), []);
    assert.equal(clock.now(), START + 20_000);
    const due = await backend.poll(40_000);
    assert.deepEqual(due.map((e) => e.type), ['metric', 'exit']);
    assert.equal(clock.now(), START + MIN);
    assert.deepEqual(await backend.poll(5_000), [], 'nothing runs: time stands still');
    assert.equal(clock.now(), START + MIN);
  });

  it('runs trials side by side up to its parallelism, delivering events in simulated-time order', async () => {
    const { backend, clock } = setup({ parallel: 2, checkpointMs: 1_000 });
    const slots = await backend.freeSlots();
    assert.deepEqual(slots.map((s) => s.id), ['table-0', 'table-1']);
    await backend.launch(request(slots[0]!, 'a.1', 0, 3, { row: '0' }));
    await backend.launch(request(slots[1]!, 'b.1', 0, 3, { row: '1' }));
    await assert.rejects(backend.launch(request(slots[0]!, 'c.1', 0, 3, { row: '2' })), /slot table-0 is busy/);
    const seen = (await drain(backend, clock)).map(({ at, event }) => [(at - START) / 1_000, event.type === 'metric' ? `${event.launch}@${event.resource}` : `${(event as { launch: string }).launch} exit`]);
    assert.deepEqual(seen, [[1, 'a.1@1'], [1, 'b.1@1'], [2, 'a.1@2'], [2, 'b.1@2'], [2, 'b.1 exit'], [3, 'a.1@3'], [3, 'a.1 exit']]);
    assert.equal(backend.spent(), 5);
  });

  it('launching the same launch id twice returns the running launch and schedules nothing twice', async () => {
    const { backend, clock } = setup();
    const [slot] = await backend.freeSlots();
    const first = await backend.launch(request(slot!, 't5.1', 0, 2, { row: '0' }));
    const again = await backend.launch(request(slot!, 't5.1', 0, 2, { row: '0' }));
    assert.deepEqual(again, first);
    assert.equal((await drain(backend, clock)).length, 3);
  });

  it('reports a scalar table row once, at the requested resource, after one evaluation', async () => {
    const { backend, clock } = setup({ table: scalarTable(), source: 'scalar.json', objectives: [{ name: 'dev_bleu', mode: 'max' }], evaluationMs: 5 * MIN });
    const [slot] = await backend.freeSlots();
    await backend.launch(request(slot!, 's.1', 0, 1, { config: { lr: 0.001, layers: 4 } }));
    const seen = await drain(backend, clock);
    assert.deepEqual(seen.map(({ at, event }) => [(at - START) / MIN, event]), [
      [5, { type: 'metric', launch: 's.1', resource: 1, values: { dev_bleu: 16 }, converged: true }],
      [5, { type: 'exit', launch: 's.1', exitCode: 0, tail: 'table row 13: final metrics reported' }],
    ]);
    assert.equal(backend.spent(), 1);
  });

  it('after an engine restart every simulated launch is missing, with the reason', async () => {
    const { backend } = setup();
    const [slot] = await backend.freeSlots();
    await backend.launch(request(slot!, 'live.1', 0, 2, { row: '0' }));
    const got = await backend.reconcile([{ trial: 'live', launch: 'live.1' }, { trial: 'old', launch: 'old.3', handle: { host: 'table', gpus: [], handle: 'row 2' } }]);
    assert.equal(got[0]?.status, 'running');
    assert.ok(got[1]?.status === 'missing' && /ended with that engine/.test(got[1].reason));
    await backend.close();
    assert.deepEqual(await backend.poll(Number.POSITIVE_INFINITY), []);
    assert.equal(backend.trialDir('t7'), 'table/t7');
  });

  it('refuses objectives the table lacks, a bad parallelism and rows it does not have', async () => {
    assert.throws(() => setup({ objectives: [{ name: 'bleu', mode: 'max' }] }), /curves\.json has no metric 'bleu'/);
    assert.throws(() => setup({ parallel: 0 }), /parallel must be a whole number of trials >= 1/);
    const { backend } = setup();
    const [slot] = await backend.freeSlots();
    await assert.rejects(backend.launch(request(slot!, 'x.1', 0, 2, { row: '99' })), /curves\.json has no row 99/);
    await assert.rejects(backend.launch(request({ id: 'gpu-0', host: 'h', gpus: [] }, 'x.1', 0, 2, { row: '0' })), /slot gpu-0 is not a slot of the table backend/);
  });
});

describe('the simulated clock', () => {
  it('starts where it is told and never runs backwards', () => {
    const clock = new SimulatedClock(500);
    clock.advanceBy(100);
    clock.advanceTo(300);
    clock.advanceBy(-50);
    assert.equal(clock.now(), 600);
    assert.throws(() => new SimulatedClock(Number.NaN), /finite time/);
  });
});

describe('a table study', () => {
  it('gets a backend over its table, read relative to the study file, reporting its objectives', async () => {
    const studyFile = path.join(__dirname, '..', '..', '..', '..', 'bench', 'studies', 'finetune-zh-en.fifo.rung.yaml');
    const { study } = checkStudy(fs.readFileSync(studyFile, 'utf8'));
    assert.ok(study);
    const { backend, clock, table } = tableRunFor(study, studyFile, 3, START);
    assert.equal(table.rows.length, 159);
    const proposal = { batch_size: 16, initial_lr: 0.00002, llm: 'bloomz-560m', lora_rank: 2 };
    const { config, row } = backend.resolveConfig(proposal);
    assert.deepEqual(config, proposal, 'a row of the table resolves to itself');
    const [slot] = await backend.freeSlots();
    await backend.launch(request(slot!, 'f.1', 0, 28, { config, row }));
    const metrics = (await drain(backend, clock)).flatMap(({ event }) => (event.type === 'metric' ? [event] : []));
    const curve = table.rows.find((r) => r.id === row)?.curves['bleu'] ?? [];
    assert.equal(metrics.length, curve.length);
    assert.equal(metrics[metrics.length - 1]?.values['bleu'], Math.max(...curve));
    assert.equal(metrics[metrics.length - 1]?.converged, true);
  });

  it('refuses a study that has no table', () => {
    const { study } = checkStudy('version: 1\ncommand: python train.py\nspace: {lr: {choice: [1, 2]}}\nobjectives: {loss: {mode: min}}\n');
    assert.ok(study);
    assert.throws(() => tableRunFor(study, 'plain.rung.yaml', 1), /plain\.rung\.yaml has no `table:`/);
  });
});
