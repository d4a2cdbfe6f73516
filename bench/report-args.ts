/** The command line shared by the benchmark report writers: RESULT.json... [--doc FILE] [--print]. */

export interface ReportArgs {
  readonly files: string[];
  readonly doc: string;
  readonly print: boolean;
}

/** The parsed arguments, or the exit code after printing usage or an error. */
export function parseReportArgs(argv: readonly string[], usage: string): ReportArgs | number {
  const files: string[] = [];
  let doc = 'docs/benchmarks.md';
  let print = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--doc') doc = argv[++i] ?? '';
    else if (a === '--print') print = true;
    else if (a === '--help' || a === '-h' || a.startsWith('--')) {
      process.stdout.write(`${usage}\n`);
      return a.startsWith('--h') || a === '-h' ? 0 : 2;
    } else files.push(a);
  }
  if (doc === '') {
    process.stderr.write(`--doc needs a path\n${usage}\n`);
    return 2;
  }
  return { files, doc, print };
}
