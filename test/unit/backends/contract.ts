/**
 * The Backend contract, run against every implementation (local now; SSH and
 * Slurm reuse it with their own subject). Only the port is used: what holds
 * for one backend must hold for all, whatever their transport.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Backend, BackendEvent, LaunchRequest, Slot } from '../../../src/core/ports';

export interface ContractRun {
  readonly backend: Backend;
  /** A new backend instance over the same run: what an engine restart sees. */
  restart(): Promise<Backend>;
  cleanup(): Promise<void>;
}

export interface ContractSubject {
  /** A backend for a fresh run with at least three free slots. */
  start(): Promise<ContractRun>;
  /** The stop grace period the subject's backend uses (kept short in tests). */
  readonly stopGraceMs: number;
}

export interface Drained {
  readonly output: string;
  readonly exit: Extract<BackendEvent, { type: 'exit' }>;
  readonly events: BackendEvent[];
}

/** Polls until `launch` exits; everything else seen meanwhile is kept in `others`. */
export async function drain(backend: Backend, launch: string, timeoutMs = 10_000, others: BackendEvent[] = []): Promise<Drained> {
  const end = Date.now() + timeoutMs;
  let output = '';
  const events: BackendEvent[] = [];
  while (Date.now() < end) {
    for (const e of await backend.poll(200)) {
      if (!('launch' in e) || e.launch !== launch) {
        others.push(e);
        continue;
      }
      events.push(e);
      if (e.type === 'output') output += e.text;
      if (e.type === 'exit') return { output, exit: e, events };
    }
  }
  throw new Error(`launch ${launch} did not exit within ${timeoutMs} ms; output so far: ${output.slice(-500)}`);
}

/** Polls until the output of `launch` contains `text`. */
export async function outputUntil(backend: Backend, launch: string, text: string, timeoutMs = 10_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let output = '';
  while (Date.now() < end) {
    for (const e of await backend.poll(200)) {
      if (e.type === 'exit' && e.launch === launch) throw new Error(`launch ${launch} exited (${e.exitCode}) before printing ${text}: ${e.tail}`);
      if (e.type === 'output' && e.launch === launch) output += e.text;
    }
    if (output.includes(text)) return output;
  }
  throw new Error(`launch ${launch} did not print ${text} within ${timeoutMs} ms`);
}

export function request(slot: Slot, trial: string, launch: string, command: string, extra: Partial<LaunchRequest> = {}): LaunchRequest {
  return { runId: 'contract', trial, launch, slot, command, resource: 1, fromResource: 0, env: {}, config: {}, ...extra };
}

async function someSlot(backend: Backend, i = 0): Promise<Slot> {
  const slots = await backend.freeSlots();
  assert.ok(slots.length > i, `the backend offers ${slots.length} free slot(s); the contract needs ${i + 1}`);
  return slots[i]!;
}

export function backendContract(name: string, subject: ContractSubject): void {
  describe(`Backend contract: ${name}`, () => {
    const withRun = (fn: (run: ContractRun) => Promise<void>) => async () => {
      const run = await subject.start();
      try {
        await fn(run);
      } finally {
        await run.backend.close();
        await run.cleanup();
      }
    };

    it('launches, streams output in order, and reports the exit code with the end of the log', withRun(async ({ backend }) => {
      const cmd = `printf 'rung: {"resource": 1, "loss": 0.5}\\n'; sleep 0.3; printf 'rung: {"resource": 2, "loss": 0.25}\\n'; echo bye >&2; exit 3`;
      const handle = await backend.launch(request(await someSlot(backend), 't1', 't1-a', cmd));
      assert.equal(typeof handle.handle, 'string');
      const { output, exit } = await drain(backend, 't1-a');
      assert.equal(output, 'rung: {"resource": 1, "loss": 0.5}\nrung: {"resource": 2, "loss": 0.25}\nbye\n');
      assert.equal(exit.exitCode, 3);
      assert.match(exit.tail, /loss": 0\.25\}\nbye\n$/);
    }));

    it('reports a clean exit as code 0 and only once', withRun(async ({ backend }) => {
      await backend.launch(request(await someSlot(backend), 't2', 't2-a', 'echo done'));
      const { exit } = await drain(backend, 't2-a');
      assert.equal(exit.exitCode, 0);
      const later = await backend.poll(300);
      assert.equal(later.filter((e) => e.type === 'exit').length, 0);
    }));

    it('stops a running launch', withRun(async ({ backend }) => {
      await backend.launch(request(await someSlot(backend), 't3', 't3-a', 'echo up; sleep 30'));
      await outputUntil(backend, 't3-a', 'up');
      const asked = Date.now();
      await backend.stop('t3-a');
      const { exit } = await drain(backend, 't3-a');
      assert.notEqual(exit.exitCode, 0);
      assert.ok(Date.now() - asked < subject.stopGraceMs, 'a trial that obeys SIGTERM ends before the grace period');
    }));

    it('kills a launch that ignores SIGTERM once the grace period is over', withRun(async ({ backend }) => {
      await backend.launch(request(await someSlot(backend), 't4', 't4-a', `trap '' TERM; echo up; while :; do sleep 0.1; done`));
      await outputUntil(backend, 't4-a', 'up');
      const asked = Date.now();
      await backend.stop('t4-a');
      const { exit } = await drain(backend, 't4-a', subject.stopGraceMs + 10_000);
      assert.ok(Date.now() - asked >= subject.stopGraceMs - 50);
      // Killed with its wrapper there is no status; a wrapper that outlived it (a batch job's) records the shell's 128 + 9.
      assert.ok(exit.exitCode === null || exit.exitCode === 137, `exit code ${exit.exitCode}`);
      assert.equal(exit.signal, 'SIGKILL');
    }));

    it('launching the same id twice starts it once', withRun(async ({ backend }) => {
      const req = request(await someSlot(backend), 't5', 't5-a', 'echo started; sleep 0.3');
      const [a, b] = await Promise.all([backend.launch(req), backend.launch(req)]);
      const c = await backend.launch(req);
      assert.deepEqual(a, b);
      assert.deepEqual(a, c);
      const { output } = await drain(backend, 't5-a');
      assert.equal(output, 'started\n');
    }));

    it('after a restart, reconciles running, exited and never-started launches', withRun(async (run) => {
      const { backend } = run;
      const h1 = await backend.launch(request(await someSlot(backend, 0), 'r1', 'r1-a', 'echo one; sleep 1.5; echo two'));
      await backend.launch(request(await someSlot(backend, 1), 'r2', 'r2-a', 'echo quick; exit 4'));
      await outputUntil(backend, 'r1-a', 'one');
      await new Promise((r) => setTimeout(r, 300));
      await backend.close();

      const again = await run.restart();
      try {
        const rec = await again.reconcile([
          { trial: 'r1', launch: 'r1-a', handle: h1 },
          { trial: 'r2', launch: 'r2-a' },
          { trial: 'r3', launch: 'r3-a' },
        ]);
        assert.deepEqual(rec.map((r) => [r.launch, r.status]), [['r1-a', 'running'], ['r2-a', 'exited'], ['r3-a', 'missing']]);
        const exited = rec[1];
        assert.ok(exited?.status === 'exited');
        assert.equal(exited.exitCode, 4);
        assert.match(exited.tail, /quick/);
        assert.ok(rec[2]?.status === 'missing' && rec[2].reason.length > 0);
        const running = rec[0];
        assert.ok(running?.status === 'running');
        assert.deepEqual(running.handle, h1);
        // Both are followed again from the launch's beginning (metrics already journalled are deduplicated by
        // the reducer); the one that ended while the engine was away delivers its output and exit through poll too.
        const others: BackendEvent[] = [];
        const { output, exit } = await drain(again, 'r1-a', 10_000, others);
        assert.equal(output, 'one\ntwo\n');
        assert.equal(exit.exitCode, 0);
        const r2 = others.filter((e) => 'launch' in e && e.launch === 'r2-a');
        assert.deepEqual(r2.map((e) => e.type), ['output', 'exit']);
        assert.deepEqual(r2[0], { type: 'output', launch: 'r2-a', text: 'quick\n' });
        assert.equal(r2[1]?.type === 'exit' && r2[1].exitCode, 4);
        assert.deepEqual(await again.poll(300), []);
      } finally {
        await again.close();
      }
    }));
  });
}
