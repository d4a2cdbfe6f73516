/**
 * What a failed launch means. The user's `failures` rules come first; the
 * built-ins follow, modelled on the log states of the NMT ASHA system
 * (GPU busy -> retry elsewhere, OOM / NaN / divergence -> the config is bad,
 * stale file handle / full disk -> the run cannot go on), and of a batch
 * scheduler's own endings (cancelled from outside, time limit -> do not retry).
 */
import type { FailureAction, FailureRule } from '../space/model';

export interface FailureVerdict {
  readonly action: FailureAction;
  readonly reason: string;
  readonly maxRetries?: number;
}

export const BUILTIN_FAILURE_RULES: readonly (FailureRule & { readonly why: string })[] = [
  { pattern: 'all CUDA-capable devices are busy or unavailable|CUDA-capable device\\(s\\) is/are busy|no CUDA-capable device is detected', action: 'retry', maxRetries: 3, why: 'the GPU was busy or unavailable' },
  { pattern: 'CUDA out of memory|CUDA error: out of memory|OutOfMemoryError|RESOURCE_EXHAUSTED', action: 'discard', why: 'the configuration ran out of GPU memory' },
  { pattern: '\\b(loss|perplexity|ppl)\\b[^\\n]*\\bnan\\b|NaN loss|Loss is nan|diverged|divergence detected|overflow encountered|FloatingPointError', action: 'discard', why: 'training diverged (NaN or overflow)' },
  { pattern: 'Stale file handle', action: 'halt', why: 'the shared file system failed (stale file handle)' },
  { pattern: 'No space left on device|Disk quota exceeded', action: 'halt', why: 'the disk is full' },
  // Batch backends end a job's tail with "[rung] job <id> ended <STATE>: <why>" when the scheduler ended it.
  { pattern: '\\[rung\\] job \\S+ ended CANCELLED', action: 'fail', why: 'someone cancelled the job outside Rung, so it is not run again' },
  { pattern: '\\[rung\\] job \\S+ ended TIMEOUT', action: 'fail', why: 'the job hit its time limit, which a retry would hit again (raise `slurm.time`)' },
];

export function classifyFailure(tail: string, userRules: readonly FailureRule[], defaultRetries: number): FailureVerdict {
  for (const rule of userRules) {
    const m = safeMatch(rule.pattern, tail);
    if (m) return { action: rule.action, reason: `matched your failure rule '${rule.pattern}': ${m}`, ...(rule.maxRetries !== undefined ? { maxRetries: rule.maxRetries } : {}) };
  }
  for (const rule of BUILTIN_FAILURE_RULES) {
    const m = safeMatch(rule.pattern, tail);
    if (m) return { action: rule.action, reason: `${rule.why}: ${m}`, ...(rule.maxRetries !== undefined ? { maxRetries: rule.maxRetries } : {}) };
  }
  return { action: 'retry', reason: 'non-zero exit without a matching failure rule', maxRetries: defaultRetries };
}

function safeMatch(pattern: string, text: string): string | undefined {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'i');
  } catch {
    return undefined;
  }
  const m = re.exec(text);
  if (!m) return undefined;
  const lineStart = text.lastIndexOf('\n', m.index) + 1;
  const lineEnd = text.indexOf('\n', m.index);
  return text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).trim().slice(0, 200);
}
