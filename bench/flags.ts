// Numeric command-line flags for the one-question tools (bench/ab.ts, bench/profile.ts).

/** The number after `--name` on the command line, or `fallback` when the flag is absent. */
export function numberFlag(name: string, fallback: number, argv = process.argv): number {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
}
