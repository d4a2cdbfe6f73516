/** Every rule, in the order their diagnostics are most useful. One rule per file. */
import { ashaBudget, ashaNeedsResource } from './scheduler';
import { badCondition, conditionCycle } from './conditions';
import { badDistribution } from './distribution';
import { badPattern, objectiveModes } from './objectives';
import { baseConfigKey, referencedFiles } from './files';
import { boundsOrder } from './bounds-order';
import { budgetUnit } from './budget-unit';
import { choices } from './choices';
import { clusterTemplates } from './cluster-templates';
import { duplicateKey } from './duplicate-key';
import { energyRange } from './energy-range';
import { gridInfinite } from './grid-infinite';
import { hostsAndSlurm } from './backends';
import { logNonpositive } from './log-nonpositive';
import { missingKey } from './missing-key';
import { placeholders } from './placeholders';
import type { Rule } from './rule';
import { stepSize } from './step';
import { unknownHost } from './unknown-host';
import { unknownKey } from './unknown-key';
import { unusedParameter } from './unused-parameter';
import { wrongType } from './wrong-type';

export const RULES: readonly Rule[] = [
  missingKey, duplicateKey, unknownKey, wrongType,
  badDistribution, boundsOrder, logNonpositive, stepSize, choices,
  placeholders, unusedParameter, badCondition, conditionCycle,
  objectiveModes, badPattern,
  ashaBudget, ashaNeedsResource, gridInfinite,
  hostsAndSlurm, clusterTemplates, unknownHost, referencedFiles, baseConfigKey,
  budgetUnit, energyRange,
];
