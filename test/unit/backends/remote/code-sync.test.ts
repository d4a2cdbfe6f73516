import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { syncProject, SyncError } from '../../../../src/backends/remote/code-sync';
import { excludes } from '../../../../src/backends/remote/sync-exclude';
import { drain, request } from '../contract';
import { lab, type Lab } from './support';

describe('code sync', () => {
  let l: Lab;
  let project: string;
  const write = (rel: string, text: string, mode = 0o644) => {
    fs.mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
    fs.writeFileSync(path.join(project, rel), text, { mode });
  };
  beforeEach(() => {
    l = lab();
    project = path.join(l.base, 'project');
    write('train.py', 'print("v1")\n', 0o755);
    write('lib/util.py', 'X = 1\n');
    write('lib/__pycache__/util.cpython.pyc', 'bytecode');
    write('data/big.bin', 'x'.repeat(4096));
  });
  afterEach(() => l.cleanup());

  const spec = { from: '.', exclude: ['data/', '__pycache__'], maxMb: 1 };

  it('uploads the project once, then only what changed, keeping the executable bit', async () => {
    const alpha = l.host('alpha', undefined);
    assert.deepEqual(await syncProject(alpha.shell, alpha.workdir, project, spec), { uploaded: 2, skipped: 0, bytes: 18 });
    assert.equal(fs.readFileSync(path.join(alpha.workdir, 'lib/util.py'), 'utf8'), 'X = 1\n');
    assert.equal(fs.statSync(path.join(alpha.workdir, 'train.py')).mode & 0o777, 0o755);
    assert.equal(fs.existsSync(path.join(alpha.workdir, 'data')), false);
    assert.deepEqual(await syncProject(alpha.shell, alpha.workdir, project, spec), { uploaded: 0, skipped: 2, bytes: 0 });
    write('train.py', 'print("v2")\n', 0o755);
    assert.deepEqual(await syncProject(alpha.shell, alpha.workdir, project, spec), { uploaded: 1, skipped: 1, bytes: 12 });
    assert.equal(fs.readFileSync(path.join(alpha.workdir, 'train.py'), 'utf8'), 'print("v2")\n');
  });

  it('respects .gitignore in a git project, untracked files included', async () => {
    execFileSync('git', ['init', '-q'], { cwd: project });
    write('.gitignore', 'ignored.log\n');
    write('ignored.log', 'noise');
    const alpha = l.host('alpha', undefined);
    await syncProject(alpha.shell, alpha.workdir, project, spec);
    assert.deepEqual(fs.readdirSync(alpha.workdir).sort(), ['.gitignore', '.rung', 'lib', 'train.py']);
  });

  it('refuses a project over the cap, naming its biggest files', async () => {
    const alpha = l.host('alpha', undefined);
    write('checkpoints/model.pt', 'w'.repeat(3 * 1024 * 1024));
    await assert.rejects(syncProject(alpha.shell, alpha.workdir, project, spec),
      (e: unknown) => e instanceof SyncError && /holds 3\.0 MB to upload, over the cap of 1 MB\. Biggest: checkpoints\/model\.pt \(3\.0 MB\), train\.py/.test(e.message));
    assert.equal(fs.existsSync(path.join(alpha.workdir, 'train.py')), false);
  });

  it('syncs before the first trial on each host, and fails launches clearly past the cap', async () => {
    const alpha = l.host('alpha', undefined);
    const b = l.backend([alpha], { gpusPerTrial: 0, sync: { spec, from: project } });
    await b.launch(request((await b.freeSlots())[0]!, 't', 't-a', 'test -x train.py && cat train.py'));
    assert.equal((await drain(b, 't-a')).output, 'print("v1")\n');
    write('huge.bin', 'h'.repeat(2 * 1024 * 1024));
    const c = l.backend([alpha], { gpusPerTrial: 0, sync: { spec, from: project } });
    await assert.rejects(c.launch(request((await c.freeSlots())[0]!, 'u', 'u-a', 'true')), /over the cap of 1 MB\. Biggest: huge\.bin/);
  });

  it('reads exclude patterns as .gitignore does', () => {
    const skip = excludes(['*.pyc', 'data/', '/top.txt', 'a/**/z']);
    assert.deepEqual(['x.pyc', 'deep/y.pyc', 'data/file', 'sub/data/file', 'top.txt', 'sub/top.txt', 'a/b/c/z', 'a/z', 'a/bz', 'keep.py', 'data'].map(skip),
      [true, true, true, true, true, false, true, true, false, false, false]);
  });
});
