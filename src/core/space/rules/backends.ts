import { error, type Diagnostic } from '../diagnostic';
import { keyName, keySpan, pairsOf } from '../parse';
import type { Rule } from './rule';

const PLACES = ['hosts', 'slurm', 'cluster', 'table'];

/** hosts-and-slurm: a study runs in one place; several of hosts/slurm/cluster/table contradict. */
export const hostsAndSlurm: Rule = ({ doc }) => {
  const given = pairsOf(doc.contents).filter((p) => PLACES.includes(keyName(p) ?? ''));
  if (given.length < 2) return [];
  const names = given.map((p) => keyName(p)).join(', ');
  return given.slice(1).map((p): Diagnostic => error('hosts-and-slurm', keySpan(p), `The study says where to run in ${given.length} ways (${names}); keep exactly one.`));
};
