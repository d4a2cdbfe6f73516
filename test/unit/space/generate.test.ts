import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ConfigError, proposeSpace, studyText, type Proposal } from '../../../src/core/space/generate';
import { checkStudy } from '../../../src/core/space/validate';
import { studyEnvironment } from '../../../src/storage/study-environment';
import { FIXTURES } from './harness';

const DIR = path.join(FIXTURES, 'tune-config');
const COMMAND = 'python train.py --config {config}';

function proposals(file: string): Proposal[] {
  return proposeSpace(fs.readFileSync(path.join(DIR, file), 'utf8'), file.endsWith('.json') ? 'json' : 'yaml');
}

const byKey = (ps: readonly Proposal[], key: string): Proposal => {
  const p = ps.find((q) => q.key === key);
  assert.ok(p, `no proposal for ${key} (have ${ps.map((q) => q.key).join(', ')})`);
  return p;
};
const picked = (ps: readonly Proposal[]): string[] => ps.filter((p) => p.pickedByDefault).map((p) => p.key);

/** Checks a generated study the way the CLI and the editor do: beside its config, reading it from disk. */
function check(text: string, config: string) {
  return checkStudy(text, studyEnvironment(path.join(DIR, `${config.replace(/\.[^.]+$/, '')}.rung.yaml`), path.join(FIXTURES, 'ssh_config')));
}

describe('proposeSpace', () => {
  it('a Hugging Face TrainingArguments YAML: rates on a log scale, batch as powers of two, lengths and seeds off', () => {
    const ps = proposals('hf-training-args.yaml');
    assert.deepEqual(picked(ps), ['learning_rate', 'weight_decay', 'per_device_train_batch_size', 'warmup_ratio', 'label_smoothing_factor']);
    assert.equal(byKey(ps, 'learning_rate').parameter, '{loguniform: [2.0e-6, 2.0e-4]}');
    assert.equal(byKey(ps, 'weight_decay').parameter, '{loguniform: [0.001, 0.1]}');
    assert.equal(byKey(ps, 'per_device_train_batch_size').parameter, '{choice: [16, 32, 64, 128]}');
    assert.equal(byKey(ps, 'label_smoothing_factor').parameter, '{uniform: [0.0, 0.3]}');
    assert.equal(byKey(ps, 'adam_beta2').parameter, '{uniform: [0.998, 0.9995]}');
    assert.equal(byKey(ps, 'fp16').parameter, '{choice: [true, false]}');
    assert.match(byKey(ps, 'seed').reason, /seed/);
    assert.match(byKey(ps, 'num_train_epochs').reason, /training length/);
    assert.match(byKey(ps, 'per_device_eval_batch_size').reason, /evaluation batch size/);
    assert.match(byKey(ps, 'dataloader_num_workers').reason, /Infrastructure/);
    assert.equal(byKey(ps, 'dataloader_num_workers').parameter, '4', 'infrastructure stays a constant even if picked');
    assert.equal(byKey(ps, 'optim').parameter, '{choice: [adamw_torch, adam, sgd]}');
    // Paths, names and "-1 means unlimited" have no sensible range.
    for (const key of ['model_name_or_path', 'output_dir', 'task_name', 'report_to', 'max_steps']) {
      assert.equal(ps.some((p) => p.key === key), false, `${key} must not be proposed`);
    }
  });

  it('a Hydra config: dotted paths into nested groups, the defaults list and interpolations left alone', () => {
    const ps = proposals('hydra-config.yaml');
    assert.deepEqual(picked(ps), [
      'model.num_layers', 'model.hidden_size', 'model.num_heads', 'model.dropout',
      'optimizer.lr', 'optimizer.weight_decay', 'data.batch_size', 'scheduler.warmup_steps',
    ]);
    assert.equal(byKey(ps, 'model.num_layers').parameter, '{int: [3, 12]}');
    assert.equal(byKey(ps, 'model.hidden_size').parameter, '{choice: [256, 512, 1024]}');
    assert.equal(byKey(ps, 'model.num_heads').parameter, '{choice: [4, 8, 16]}');
    assert.equal(byKey(ps, 'model.dropout').parameter, '{uniform: [0.0, 0.3]}');
    assert.equal(byKey(ps, 'optimizer.lr').parameter, '{loguniform: [1.0e-4, 1.0e-2]}');
    assert.equal(byKey(ps, 'optimizer.weight_decay').parameter, '{uniform: [0.0, 0.1]}', 'zero decay is searched linearly');
    assert.equal(byKey(ps, 'scheduler.warmup_steps').parameter, '{int: [0, 8000]}');
    assert.equal(byKey(ps, 'trainer.max_epochs').pickedByDefault, false);
    assert.equal(byKey(ps, 'trainer.gradient_clip_val').parameter, '{loguniform: [0.05, 5.0]}');
    assert.equal(ps.some((p) => p.key.startsWith('defaults') || p.key === 'model._target_' || p.key === 'data.path' || p.key === 'optimizer.betas'), false);
  });

  it('a sockeye config: word-wise names, so a warmup and a reduce factor are not learning rates', () => {
    const ps = proposals('sockeye-args.yaml');
    assert.equal(byKey(ps, 'initial_learning_rate').parameter, '{loguniform: [2.0e-5, 2.0e-3]}');
    assert.equal(byKey(ps, 'learning_rate_warmup').parameter, '{int: [0, 8000]}');
    assert.match(byKey(ps, 'learning_rate_warmup').reason, /Warmup/);
    assert.equal(byKey(ps, 'learning_rate_reduce_factor').pickedByDefault, false);
    assert.equal(byKey(ps, 'learning_rate_reduce_factor').parameter, '{uniform: [0.45, 0.95]}', 'a factor below 1 stays below 1');
    assert.equal(byKey(ps, 'batch_size').parameter, '{choice: [2048, 4096, 8192, 16384]}');
    assert.equal(byKey(ps, 'transformer_attention_heads').parameter, '{choice: [4, 8, 16]}');
    assert.equal(byKey(ps, 'transformer_dropout_attention').pickedByDefault, true);
    assert.equal(byKey(ps, 'checkpoint_interval').pickedByDefault, false);
    assert.equal(byKey(ps, 'max_num_checkpoint_not_improved').pickedByDefault, false);
    assert.equal(ps.some((p) => p.key === 'num_layers'), false, '"6:6" is a string, not a number');
  });

  it('a JSON config: camelCase names, momentum close to 1, a port kept constant', () => {
    const ps = proposals('train-config.json');
    assert.equal(byKey(ps, 'optimizer.learningRate').parameter, '{loguniform: [0.01, 1.0]}');
    assert.equal(byKey(ps, 'optimizer.weightDecay').parameter, '{loguniform: [5.0e-5, 5.0e-3]}');
    assert.equal(byKey(ps, 'optimizer.momentum').parameter, '{uniform: [0.8, 0.95]}');
    assert.equal(byKey(ps, 'data.batchSize').parameter, '{choice: [64, 128, 256, 512]}');
    assert.equal(byKey(ps, 'model.dropRate').pickedByDefault, true);
    assert.equal(byKey(ps, 'port').parameter, '29500');
    assert.equal(byKey(ps, 'epochs').pickedByDefault, false);
    assert.equal(byKey(ps, 'optimizer.name').parameter, '{choice: [sgd, adam, adamw]}');
  });

  it('says what is wrong with a config it cannot read', () => {
    assert.throws(() => proposeSpace('lr: [1, 2', 'yaml'), (e: unknown) => e instanceof ConfigError && /not valid YAML/.test(e.message));
    assert.throws(() => proposeSpace('{"lr": 0.1,', 'json'), (e: unknown) => e instanceof ConfigError && /not valid JSON/.test(e.message));
    assert.throws(() => proposeSpace('- 1\n- 2\n', 'yaml'), (e: unknown) => e instanceof ConfigError && /mapping/.test(e.message));
  });
});

describe('studyText', () => {
  for (const config of fs.readdirSync(DIR).sort()) {
    it(`${config}: the study for the default picks, and for every proposal, checks clean against the real config`, () => {
      const ps = proposals(config);
      for (const chosen of [ps.filter((p) => p.pickedByDefault), ps]) {
        const text = studyText(chosen, config, COMMAND);
        const checked = check(text, config);
        assert.deepEqual(checked.diagnostics.map((d) => `${d.code}: ${d.message}`), []);
        assert.deepEqual(checked.study?.parameters.map((p) => p.name), chosen.map((p) => p.key));
        assert.equal(checked.study?.baseConfig?.path, config);
        assert.equal(checked.study?.command?.text, COMMAND);
      }
    });
  }

  it('writes a study whose parameter names the base-config-key rule resolves in the config', () => {
    const ps = proposals('hydra-config.yaml');
    const text = studyText(ps, 'hydra-config.yaml', COMMAND).replace('model.num_layers:', 'model.n_layers:  ');
    const codes = check(text, 'hydra-config.yaml').diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ['base-config-key'], 'a misspelled key is caught, so the clean checks above read the config');
  });

  it('has the parts a study needs: fifo by default with a note on asha, an objective to report, a budget', () => {
    const text = studyText(proposals('hydra-config.yaml').slice(0, 2), 'hydra-config.yaml', COMMAND);
    const study = parse(text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(study), ['version', 'name', 'command', 'base_config', 'space', 'objectives', 'scheduler', 'budget']);
    assert.equal(study.name, 'hydra-config');
    assert.deepEqual(study.objectives, { loss: { mode: 'min' } });
    assert.deepEqual(study.scheduler, { type: 'fifo' });
    assert.match(text, /# .*type: asha/);
    assert.match(text, /rung: \{"loss": /);
  });

  it('quotes a command YAML would otherwise misread', () => {
    for (const command of ['{config} is first', 'python train.py --config {config} # not a comment', 'train --config={config} --tag "a: b"']) {
      const text = studyText(proposals('hydra-config.yaml').slice(0, 1), 'hydra-config.yaml', command);
      assert.equal((parse(text) as { command: string }).command, command);
      assert.deepEqual(check(text, 'hydra-config.yaml').diagnostics.map((d) => d.code), []);
    }
  });

  it('refuses a command without {config} and an empty pick', () => {
    const ps = proposals('hydra-config.yaml');
    assert.throws(() => studyText(ps, 'hydra-config.yaml', 'python train.py'), /must contain \{config\}/);
    assert.throws(() => studyText([], 'hydra-config.yaml', COMMAND), /at least one key/);
  });
});
