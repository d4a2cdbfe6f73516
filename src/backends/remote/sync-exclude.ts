/**
 * `sync: exclude:` patterns, read as .gitignore reads them: `*` and `?`
 * within one path segment, `**` across segments, a pattern without a slash
 * matches a name at any depth, a trailing slash is a folder, and a match on
 * a folder excludes everything in it.
 */

export function excludes(patterns: readonly string[]): (relPath: string) => boolean {
  const tests = patterns.map(compile);
  return (relPath) => {
    const parts = relPath.split('/');
    // A path is excluded when it or any folder above it matches.
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      const isFolder = i < parts.length;
      if (tests.some((t) => (isFolder || !t.folderOnly) && t.matches(prefix))) return true;
    }
    return false;
  };
}

function compile(pattern: string): { readonly folderOnly: boolean; matches(p: string): boolean } {
  const clean = pattern.replace(/\/+$/, '');
  const anchored = clean.replace(/^\//, '');
  const anywhere = !clean.includes('/');
  let re = '';
  for (let i = 0; i < anchored.length; i++) {
    const c = anchored[i] as string;
    if (c === '*' && anchored[i + 1] === '*') {
      // `**/` is any number of folders, none included; a final `**` is anything.
      const slash = anchored[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const full = new RegExp(`^${re}$`);
  return { folderOnly: pattern.endsWith('/'), matches: (p) => full.test(p) || (anywhere && full.test(p.slice(p.lastIndexOf('/') + 1))) };
}
