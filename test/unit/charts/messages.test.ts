import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePanelState, parseWebviewMessage } from '../../../src/protocol/messages';

describe('parseWebviewMessage', () => {
  it('accepts each known message with valid fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', tab: 'curves', selection: { x: 'bleu', metric: 'loss' } }), { type: 'ready', tab: 'curves', selection: { x: 'bleu', metric: 'loss' } });
    assert.deepEqual(parseWebviewMessage({ type: 'pickAxes', x: 'a', y: 'b' }), { type: 'pickAxes', x: 'a', y: 'b' });
    assert.deepEqual(parseWebviewMessage({ type: 'pickMetric', metric: 'a' }), { type: 'pickMetric', metric: 'a' });
    assert.deepEqual(parseWebviewMessage({ type: 'setTab', tab: 'energy' }), { type: 'setTab', tab: 'energy' });
    assert.deepEqual(parseWebviewMessage({ type: 'revealTrial', trial: 't0003', extra: 'ignored' }), { type: 'revealTrial', trial: 't0003' });
    assert.deepEqual(parseWebviewMessage({ type: 'openLog', trial: 't0003' }), { type: 'openLog', trial: 't0003' });
  });

  it('rejects unknown types and anything that could name a command or a path', () => {
    for (const raw of [
      null, 'ready', [], {}, { type: 'runCommand', command: 'workbench.action.terminal.new' }, { type: 'executeCommand' },
      { type: 'revealTrial', trial: '../../etc/passwd' }, { type: 'openLog', trial: '/tmp/x' }, { type: 'openLog' }, { type: 'openLog', trial: 'x'.repeat(129) },
      { type: 'setTab', tab: 'settings' }, { type: 'pickAxes', x: 'a' }, { type: 'pickAxes', x: 'a', y: 3 },
      { type: 'ready', tab: 'pareto', selection: { x: 7 } }, { type: 'ready', tab: 'pareto', selection: 'x' }, { type: '__proto__' },
    ]) assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
  });
});

describe('parsePanelState', () => {
  it('restores a saved state and falls back to the first tab', () => {
    assert.deepEqual(parsePanelState({ runDir: '/w/.rung/runs/r', tab: 'nope', selection: { x: 'a' } }), { runDir: '/w/.rung/runs/r', tab: 'pareto', selection: { x: 'a' } });
    assert.equal(parsePanelState({ tab: 'pareto' }), undefined);
    assert.equal(parsePanelState(undefined), undefined);
  });
});
