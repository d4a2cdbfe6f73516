import { isMap, isScalar, type Node } from 'yaml';
import { fieldOf, nodeAt } from '../ast';
import { error, type Diagnostic } from '../diagnostic';
import { keyName, keySpan, nodeSpan, pairsOf } from '../parse';
import type { Rule } from './rule';
import { captureGroups } from './objectives';

const PLACEHOLDER: Readonly<Record<string, { readonly needs: string; readonly example: string }>> = {
  submit: { needs: '{script}', example: 'qsub -cwd {script}' },
  status: { needs: '{job}', example: 'qstat -j {job}' },
  cancel: { needs: '{job}', example: 'qdel {job}' },
};

/**
 * cluster-templates: the generic scheduler commands must be complete before a
 * run submits anything: a missing command, a command without the placeholder
 * it needs, or a regex that does not compile would otherwise fail only once
 * jobs are queued (or, for `cancel`, only when one must be stopped).
 */
export const clusterTemplates: Rule = ({ doc }) => {
  const cluster = nodeAt(doc, ['cluster']);
  if (!isMap(cluster)) return [];
  const out: Diagnostic[] = [];
  const pair = pairsOf(doc.contents).find((p) => keyName(p) === 'cluster');
  const missing = ['submit', 'status', 'running', 'cancel'].filter((k) => !fieldOf(doc, cluster, k));
  if (missing.length > 0 && pair) {
    out.push(error('cluster-templates', keySpan(pair), `\`cluster\` has no ${missing.map((k) => `\`${k}\``).join(', ')}: Rung needs all of submit, status, running and cancel (see docs/clusters.md for SGE and PBS).`));
  }
  for (const [key, { needs, example }] of Object.entries(PLACEHOLDER)) {
    const node = fieldOf(doc, cluster, key);
    const text = stringOf(node);
    if (text !== undefined && !text.includes(needs)) out.push(error('cluster-templates', nodeSpan(node), `\`cluster.${key}\` must contain ${needs}, e.g. \`${example}\`.`));
  }
  for (const key of ['job_id', 'running']) {
    const node = fieldOf(doc, cluster, key);
    const text = stringOf(node);
    if (text === undefined) continue;
    try {
      new RegExp(text);
    } catch (e) {
      out.push(error('cluster-templates', nodeSpan(node), `\`cluster.${key}\` is not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')}).`));
      continue;
    }
    if (key === 'job_id' && captureGroups(text) === 0) out.push(error('cluster-templates', nodeSpan(node), '`cluster.job_id` has no capture group: wrap the id in parentheses, e.g. `Your job (\\d+)`.'));
  }
  return out;
};

function stringOf(node: Node | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}
