// A small argument parser: `--name value`, `--name=value`, boolean flags, positionals, and `--` to end options.
// A value that starts with '-' is only taken for an option in the `--name=value` form, so `--repo -x` is an error
// rather than a silent surprise.

export class UsageError extends Error {}

export interface OptionSpec {
  /** Options that take a value. */
  values?: string[];
  /** Options that are plain flags. */
  flags?: string[];
}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  const valueNames = new Set(spec.values ?? []);
  const flagNames = new Set(spec.flags ?? []);
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || !arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq >= 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    if (valueNames.has(name)) {
      let value: string | undefined;
      if (eq >= 0) value = arg.slice(eq + 1);
      else {
        value = argv.at(i + 1);
        if (value === undefined) throw new UsageError(`option --${name} needs a value`);
        if (value.startsWith('-')) throw new UsageError(`option --${name} needs a value; for one that starts with '-', write --${name}=${value}`);
        i++;
      }
      values.set(name, value);
    } else if (flagNames.has(name) && eq < 0) {
      flags.add(name);
    } else {
      throw new UsageError(`unknown option '${arg}'`);
    }
  }
  return { positionals, values, flags };
}
