/** Trial and launch ids: short, sortable, and stable across resumes (derived from the journal). */

export const trialId = (index: number): string => `t${String(index + 1).padStart(4, '0')}`;

export const launchId = (trial: string, launchIndex: number): string => `${trial}.${launchIndex + 1}`;
