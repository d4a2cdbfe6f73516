import { parseDocument, isMap, type Node } from 'yaml';
import { error, type Diagnostic } from '../diagnostic';
import { keyName, pairsOf } from '../parse';
import { isParameterName } from '../keys';
import type { Rule } from './rule';

/** base-config-missing and table-missing: files the study names must exist. */
export const referencedFiles: Rule = ({ study, env }) => {
  if (!env.fileExists) return [];
  const out: Diagnostic[] = [];
  if (study.baseConfig && !env.fileExists(study.baseConfig.path)) {
    out.push(error('base-config-missing', study.baseConfig.span, `base_config '${study.baseConfig.path}' does not exist (paths are relative to the study file's folder).`));
  }
  if (study.table && !env.fileExists(study.table.path)) {
    out.push(error('table-missing', study.table.span, `table '${study.table.path}' does not exist (paths are relative to the study file's folder).`));
  }
  return out;
};

/** base-config-key: a dotted parameter name must address an existing key of base_config. */
export const baseConfigKey: Rule = ({ study, env }) => {
  if (!study.baseConfig || !env.readFile) return [];
  const text = env.readFile(study.baseConfig.path);
  if (text === undefined) return [];
  const config = parseDocument(text, { uniqueKeys: false });
  if (config.errors.length > 0) {
    return [error('base-config-missing', study.baseConfig.span, `base_config '${study.baseConfig.path}' is not valid YAML or JSON: ${config.errors[0]?.message.split('\n')[0]}`)];
  }
  const out: Diagnostic[] = [];
  for (const p of study.parameters) {
    // A malformed name is bad-name's to report; its parts address nothing.
    if (!p.name.includes('.') || !isParameterName(p.name)) continue;
    const parts = p.name.split('.');
    let node: unknown = config.contents;
    let missingAt = -1;
    for (let i = 0; i < parts.length; i++) {
      const pair = pairsOf(node).find((q) => keyName(q) === parts[i]);
      if (!pair || (i < parts.length - 1 && !isMap(pair.value))) { missingAt = i; break; }
      node = pair.value as Node;
    }
    if (missingAt < 0) continue;
    const known = pairsOf(node).map(keyName).filter((k): k is string => k !== undefined);
    const prefix = parts.slice(0, missingAt).join('.');
    out.push(error('base-config-key', p.nameSpan, `'${p.name}' is not a key of ${study.baseConfig.path}: ${prefix ? `'${prefix}' has` : 'the top level has'} no '${parts[missingAt]}'${known.length ? ` (it has ${known.slice(0, 10).join(', ')})` : ''}.`));
  }
  return out;
};
