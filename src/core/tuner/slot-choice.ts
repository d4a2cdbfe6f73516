/**
 * Which free slot a launch takes. A promoted or retried trial goes back to
 * the host it last ran on when a slot there is free, because its checkpoints
 * live in its trial folder on that host; elsewhere it would start from
 * scratch. New trials take slots in the backend's order (hosts take turns).
 */
import type { Slot } from '../ports';
import { currentLaunch, type Trial } from '../journal/state';

/** Removes the chosen slot from `slots` (which must not be empty) and returns it. */
export function takeSlot(slots: Slot[], trial?: Trial): Slot {
  const host = trial ? currentLaunch(trial)?.host : undefined;
  const same = host === undefined ? -1 : slots.findIndex((s) => s.host === host);
  return slots.splice(Math.max(0, same), 1)[0] as Slot;
}
