/** docs/benchmarks.md is written by several benchmark reports, each owning one level-2 section. */

/**
 * Replaces the section that starts at `heading` (up to the next level-2 heading)
 * in `doc`. A missing section goes before the `before` heading when the document
 * has it (so the protocols stay in their order), else at the end.
 */
export function replaceDocSection(doc: string, heading: string, section: string, before?: string): string {
  const start = doc.indexOf(`${heading}\n`);
  if (start < 0) {
    const at = before === undefined ? -1 : doc.indexOf(`${before}\n`);
    if (at >= 0) return `${doc.slice(0, at)}${section}\n${doc.slice(at)}`;
    return `${doc.replace(/\n*$/, '')}${doc.trim() === '' ? '' : '\n\n'}${section}`;
  }
  const next = doc.indexOf('\n## ', start + heading.length);
  const rest = next < 0 ? '' : doc.slice(next + 1);
  return `${doc.slice(0, start)}${section}${rest === '' ? '' : `\n${rest}`}`;
}
