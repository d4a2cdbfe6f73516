/** The rung plan of a checked study as text: one answer for `rung plan` and the editor's Show Plan. */
import type { CheckedStudy } from '../space/validate';
import { formatPlan } from './plan';

export type StudyPlan =
  | { readonly kind: 'plan'; readonly text: string }
  /** The text is not YAML; the check's diagnostics say why. */
  | { readonly kind: 'unparsed' }
  /** The scheduler settings are unusable; `message` is the diagnostic that says how to fix them. */
  | { readonly kind: 'blocked'; readonly message: string };

export function studyPlan({ study, diagnostics }: CheckedStudy): StudyPlan {
  if (!study) return { kind: 'unparsed' };
  const blocking = diagnostics.find((d) => d.severity === 'error' && (d.code === 'asha-budget' || d.code === 'wrong-type'));
  if (blocking) return { kind: 'blocked', message: blocking.message };
  const s = study.scheduler;
  const header = `${s.type} on ${s.resource}: min ${s.min}, max ${s.max}, reduction ${s.reduction}${s.type === 'asha' ? `, ${s.mode}` : ''}`;
  const table = formatPlan({
    type: s.type, min: s.min, max: s.max, reduction: s.reduction,
    ...(s.brackets !== undefined ? { brackets: s.brackets } : {}),
    ...(study.budget.trials !== undefined ? { trials: study.budget.trials } : {}),
  }, s.resource);
  return { kind: 'plan', text: `${header}\n${table}` };
}
