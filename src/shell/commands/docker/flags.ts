/**
 * docker-style flag parsing: `-it` combined shorts, `--name=x` and `--name x`,
 * repeated flags, `--` and the first positional ending option parsing (so
 * `docker run IMAGE ls -l` passes `-l` to the command).
 */
export interface FlagSpec {
  /** Long name without dashes; `short` is one letter. */
  name: string;
  short?: string;
  kind: 'bool' | 'string' | 'list';
  help: string;
  /** Shown in help: the value's name, e.g. "string", "list". */
  value?: string;
}

export interface Parsed {
  flags: Map<string, string | boolean | string[]>;
  args: string[];
}

export class FlagError extends Error {}

export function parseFlags(argv: string[], specs: FlagSpec[], opts: { stopAtFirstArg?: boolean } = {}): Parsed {
  const flags = new Map<string, string | boolean | string[]>();
  const args: string[] = [];
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const set = (spec: FlagSpec, value: string | boolean) => {
    if (spec.kind === 'list') flags.set(spec.name, [...((flags.get(spec.name) as string[]) ?? []), String(value)]);
    else flags.set(spec.name, value);
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const spec = byLong.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (spec.kind === 'bool') {
        const v = eq > 0 ? a.slice(eq + 1) : 'true';
        if (v !== 'true' && v !== 'false') throw new FlagError(`invalid argument "${v}" for "--${name}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`);
        set(spec, v === 'true');
      } else if (eq > 0) set(spec, a.slice(eq + 1));
      else {
        if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: --${name}`);
        set(spec, argv[++i]);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const spec = byShort.get(a[k]);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${a[k]}' in ${a}`);
        if (spec.kind === 'bool') {
          set(spec, true);
          continue;
        }
        const rest = a.slice(k + 1).replace(/^=/, '');
        if (rest) set(spec, rest);
        else {
          if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: '${a[k]}' in ${a}`);
          set(spec, argv[++i]);
        }
        break;
      }
      continue;
    }
    args.push(a);
    if (opts.stopAtFirstArg) {
      i++;
      break;
    }
  }
  args.push(...argv.slice(i));
  return { flags, args };
}

export function helpText(usage: string, description: string, specs: FlagSpec[]): string {
  const lines = [`\nUsage:  ${usage}\n`, `${description}\n`];
  if (specs.length) {
    lines.push('Options:');
    const rows = specs.map((s) => [`${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.kind === 'bool' ? '' : ` ${s.value ?? (s.kind === 'list' ? 'list' : 'string')}`}`, s.help]);
    const w = Math.max(...rows.map((r) => r[0].length));
    for (const [a, b] of rows) lines.push(`  ${a.padEnd(w)}   ${b}`);
  }
  return lines.join('\n') + '\n';
}
