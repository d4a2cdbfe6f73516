/** Studies and checks shared by the tests that run the real CLI against the test Slurm. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunFolder } from '../../../../src/storage/run-folder';
import { events, FIXTURES } from '../../engine/engine-harness';
import type { SlurmCluster } from './slurm-cluster';

export interface SlurmStudyOptions {
  /** The `slurm:` (or `cluster:`) section, as one YAML line. */
  readonly place?: string;
  readonly trials?: number;
  readonly parallel?: number;
  /** Seconds per epoch of the stand-in trainer. */
  readonly sleep?: number;
  readonly max?: number;
  readonly extra?: string;
  /** Default `.`, the study's folder. */
  readonly workdir?: string;
}

/** An ASHA study (promotion mode) on Slurm whose trials print the GPUs Slurm gave them. */
export function writeSlurmStudy(ws: string, o: SlurmStudyOptions = {}): string {
  fs.copyFileSync(path.join(FIXTURES, 'trainer.py'), path.join(ws, 'trainer.py'));
  const file = path.join(ws, 'study.rung.yaml');
  fs.writeFileSync(file, [
    'version: 1',
    'name: slurm',
    `command: echo "gpus=$CUDA_VISIBLE_DEVICES"; python3 trainer.py --x {x} --epochs {resource} --out {trial_dir} --sleep ${o.sleep ?? 0.05}`,
    `workdir: ${o.workdir ?? '.'}`,
    'space:',
    '  x: {uniform: [0.0, 1.0]}',
    'objectives:',
    '  score: {mode: max}',
    'seed: 5',
    `scheduler: {type: asha, resource: epochs, min: 1, max: ${o.max ?? 9}, reduction: 3, mode: promotion}`,
    `parallel: ${o.parallel ?? 3}`,
    `budget: {trials: ${o.trials ?? 9}}`,
    o.place ?? 'slurm: {gres: "gpu:1"}',
    o.extra ?? '',
  ].join('\n') + '\n');
  return file;
}

/** The run's jobs as the controller lists them: job name -> ids. */
export function jobsOfRun(cluster: SlurmCluster, run: RunFolder): Map<string, string[]> {
  const jobs = new Map<string, string[]>();
  for (const line of cluster.sh("squeue --noheader --states=all --format='%i|%j'").split('\n')) {
    const [id, name] = line.trim().split('|');
    if (!id || !name?.startsWith(`rung-${run.id}-`)) continue;
    jobs.set(name, [...(jobs.get(name) ?? []), id]);
  }
  return jobs;
}

/** Nothing was submitted twice: one job per launch the journal says started, and no job without one. */
export function assertOneJobPerLaunch(cluster: SlurmCluster, run: RunFolder): void {
  const launched = events(run).filter((e) => e.type === 'trial-launched').map((e) => (e as { launch: string }).launch);
  const jobs = jobsOfRun(cluster, run);
  for (const [name, ids] of jobs) assert.equal(ids.length, 1, `${name} was submitted ${ids.length} times: jobs ${ids.join(', ')}`);
  assert.deepEqual([...jobs.keys()].map((n) => n.slice(`rung-${run.id}-`.length)).sort(), [...launched].sort(), 'the jobs differ from the launches the journal records');
}

/** The job id of a launch, once its marker holds it. */
export function jobOf(run: RunFolder, launch: string): string | undefined {
  const trial = launch.slice(0, launch.lastIndexOf('.'));
  try {
    return (JSON.parse(fs.readFileSync(path.join(run.dir, 'trials', trial, `${launch}.launch`), 'utf8')) as { job?: string }).job;
  } catch {
    return undefined;
  }
}
