/**
 * Dockerfile stage 2: instruction nodes -> typed instructions and build stages,
 * following BuildKit's frontend/dockerfile/instructions (parse.go, bflag.go,
 * commands_run*.go): argument-count checks, builder flags per instruction
 * (with BuildKit's error wording, e.g. `unknown flag: --foo`), heredoc sources,
 * and grouping into stages (ARGs before the first FROM are meta ARGs).
 *
 * Nothing is expanded here: values are as written. The builder substitutes
 * variables later with expand.ts (see the list there of what gets expanded).
 *
 * Errors are DockerfileParseError worded like BuildKit's
 * `dockerfile parse error on line N: <detail>`, carrying the instruction's lines.
 */
import { EngineError } from '../engine/errors';
import type { Heredoc, Node, ParseResult } from './parser/ast';
import { nodeArgs } from './parser/ast';
import { DockerfileParseError, instructionError } from './parser/errors';
import { goQuote, trimSpace, withSuggestion } from './parser/gostr';
import { isKnownInstruction } from './parser/lineParsers';
import { chompHeredocContent, mustParseHeredoc, parseDockerfile, unknownInstructionError } from './parser/parse';

// ---------------------------------------------------------------------------
// Types

export type InstructionKind =
  | 'FROM' | 'RUN' | 'CMD' | 'ENTRYPOINT' | 'SHELL' | 'COPY' | 'ADD' | 'ENV' | 'ARG' | 'LABEL'
  | 'MAINTAINER' | 'EXPOSE' | 'VOLUME' | 'WORKDIR' | 'USER' | 'HEALTHCHECK' | 'STOPSIGNAL' | 'ONBUILD';

interface Base<K extends InstructionKind> {
  kind: K;
  /** The instruction word as written ("RUN", "run"). */
  command: string;
  /** Source text of the instruction, continuations joined, trimmed (BuildKit's String()). */
  original: string;
  /** 1-based, inclusive (heredoc bodies included). */
  startLine: number;
  endLine: number;
  /** Comment lines directly above. */
  comments: string[];
  /** Builder flags as written (`--from=build`). */
  flags: string[];
}

export interface KeyValuePair {
  key: string;
  value: string;
  /** Legacy `ENV key value` form (no `=`). */
  noDelim: boolean;
}

export interface ArgPair {
  key: string;
  /** null for `ARG name` without a default. */
  value: string | null;
  /** `# name does this` comment above the ARG. */
  docComment: string;
}

/** An ADD/COPY heredoc source: its content becomes a file named `path`. */
export interface SourceContent {
  path: string;
  /** Body, with leading tabs already removed for `<<-`. */
  data: string;
  /** Whether variables in the body are to be expanded (unquoted delimiter). */
  expand: boolean;
}

export interface FromInstruction extends Base<'FROM'> {
  /** Image reference or stage name, unexpanded (`$BASE` allowed, with global ARGs). */
  image: string;
  /** `AS name`, lowercased; null when unnamed. */
  stageName: string | null;
  /** `--platform` value, unexpanded; null when absent. */
  platform: string | null;
  docComment: string;
}

/** Shell form: cmdLine has one element and `prependShell` is true. Exec (JSON) form: the argv. */
interface ShellDependent {
  cmdLine: string[];
  prependShell: boolean;
  /** RUN <<EOF bodies (and any heredoc on CMD/ENTRYPOINT lines, which BuildKit keeps too). */
  heredocs: Heredoc[];
}

export interface RunInstruction extends Base<'RUN'>, ShellDependent {
  /** Raw `--mount` specs (csv). Parse with parseMount(spec, expander) at build time. */
  mounts: string[];
  network: 'default' | 'none' | 'host';
  security: 'sandbox' | 'insecure';
  /** Raw `--device` values. */
  devices: string[];
  /** Names of the flags given (e.g. ["mount", "network"]). */
  flagsUsed: string[];
}

export interface CmdInstruction extends Base<'CMD'>, ShellDependent {}
export interface EntrypointInstruction extends Base<'ENTRYPOINT'>, Omit<ShellDependent, 'cmdLine'> {
  /** null for `ENTRYPOINT []` / no argument (resets the entrypoint). */
  cmdLine: string[] | null;
}
export interface ShellInstruction extends Base<'SHELL'> {
  shell: string[];
}

interface CopyLike {
  /** Path sources (not heredocs), unexpanded. */
  sources: string[];
  /** Heredoc sources. */
  sourceContents: SourceContent[];
  dest: string;
  chown: string | null;
  chmod: string | null;
  link: boolean;
  exclude: string[];
}

export interface CopyInstruction extends Base<'COPY'>, CopyLike {
  /** `--from` stage name, index or image; null when copying from the context. */
  from: string | null;
  parents: boolean;
}

export interface AddInstruction extends Base<'ADD'>, CopyLike {
  keepGitDir: boolean | null;
  checksum: string | null;
  unpack: boolean | null;
}

export interface EnvInstruction extends Base<'ENV'> {
  pairs: KeyValuePair[];
}
export interface ArgInstruction extends Base<'ARG'> {
  args: ArgPair[];
}
export interface LabelInstruction extends Base<'LABEL'> {
  labels: KeyValuePair[];
}
export interface MaintainerInstruction extends Base<'MAINTAINER'> {
  maintainer: string;
}
export interface ExposeInstruction extends Base<'EXPOSE'> {
  /** As written, sorted like BuildKit; each may expand to several ports (expandWords). */
  ports: string[];
}
export interface VolumeInstruction extends Base<'VOLUME'> {
  volumes: string[];
}
export interface WorkdirInstruction extends Base<'WORKDIR'> {
  path: string;
}
export interface UserInstruction extends Base<'USER'> {
  user: string;
}

/** Image-config HEALTHCHECK; durations in nanoseconds (0 = inherit the default), as Docker stores them. */
export interface HealthConfig {
  /** ["NONE"] | ["CMD", argv...] | ["CMD-SHELL", command] */
  test: string[];
  interval: number;
  timeout: number;
  startPeriod: number;
  startInterval: number;
  retries: number;
}
export interface HealthcheckInstruction extends Base<'HEALTHCHECK'> {
  health: HealthConfig;
}
export interface StopSignalInstruction extends Base<'STOPSIGNAL'> {
  signal: string;
}
export interface OnbuildInstruction extends Base<'ONBUILD'> {
  /** The trigger as source text (`RUN echo hi`, heredoc bodies appended), parsed again when it fires. */
  expression: string;
}

export type Instruction =
  | FromInstruction | RunInstruction | CmdInstruction | EntrypointInstruction | ShellInstruction
  | CopyInstruction | AddInstruction | EnvInstruction | ArgInstruction | LabelInstruction
  | MaintainerInstruction | ExposeInstruction | VolumeInstruction | WorkdirInstruction | UserInstruction
  | HealthcheckInstruction | StopSignalInstruction | OnbuildInstruction;

/** Instructions that can appear inside a stage (everything but FROM). */
export type Command = Exclude<Instruction, FromInstruction>;

export interface Stage {
  /** Lowercased `AS` name, or null. */
  name: string | null;
  /** Base image or stage, unexpanded. */
  baseName: string;
  platform: string | null;
  from: FromInstruction;
  commands: Command[];
  /** Lines of the FROM instruction. */
  startLine: number;
  endLine: number;
  docComment: string;
}

export interface ParsedStages {
  stages: Stage[];
  /** ARG instructions before the first FROM. */
  metaArgs: ArgInstruction[];
}

// ---------------------------------------------------------------------------
// Builder flags (bflag.go)

class FlagError extends Error {}

type FlagType = 'bool' | 'string' | 'strings';
interface Flag {
  name: string;
  type: FlagType;
  value: string;
  values: string[];
}

class BFlags {
  private readonly defs = new Map<string, Flag>();
  readonly used = new Map<string, Flag>();
  constructor(private readonly args: readonly string[]) {}

  private add(name: string, type: FlagType, value: string): Flag {
    const f: Flag = { name, type, value, values: [] };
    this.defs.set(name, f);
    return f;
  }
  addBool(name: string, def = false): Flag {
    return this.add(name, 'bool', def ? 'true' : 'false');
  }
  addString(name: string, def = ''): Flag {
    return this.add(name, 'string', def);
  }
  addStrings(name: string): Flag {
    return this.add(name, 'strings', '');
  }
  isUsed(f: Flag): boolean {
    return this.used.has(f.name);
  }

  parse(): void {
    for (const a of this.args) {
      if (a === '--') return;
      if (!a.startsWith('--')) throw new FlagError(`arg should start with -- : ${a}`);
      const eq = a.indexOf('=');
      const hasValue = eq >= 0;
      const flagName = hasValue ? a.slice(0, eq) : a;
      const value = hasValue ? a.slice(eq + 1) : '';
      const name = flagName.slice(2);
      const flag = this.defs.get(name);
      if (!flag) {
        throw new FlagError(withSuggestion(`unknown flag: ${flagName}`, name, [...this.defs.keys()].sort(), true));
      }
      if (this.used.has(name) && flag.type !== 'strings') throw new FlagError(`duplicate flag specified: ${flagName}`);
      this.used.set(name, flag);
      switch (flag.type) {
        case 'bool': {
          if (hasValue && value === '') throw new FlagError(`missing a value on flag: ${flagName}`);
          const v = value.toLowerCase();
          if (v === 'true' || v === '') flag.value = 'true';
          else if (v === 'false') flag.value = 'false';
          else throw new FlagError(`expecting boolean value for flag ${flagName}, not: ${value}`);
          break;
        }
        case 'string':
          if (!hasValue) throw new FlagError(`missing a value on flag: ${flagName}`);
          flag.value = value;
          break;
        case 'strings':
          if (!hasValue) throw new FlagError(`missing a value on flag: ${flagName}`);
          flag.values.push(value);
          break;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Helpers

/** A validation failure inside one instruction (wrapped with the node's lines by parseInstruction). */
class InstrError extends Error {}

const errAtLeastOneArgument = (c: string) => new InstrError(`${c} requires at least one argument`);
const errExactlyOneArgument = (c: string) => new InstrError(`${c} requires exactly one argument`);
const errNoDestinationArgument = (c: string) =>
  new InstrError(`${c} requires at least two arguments, but only one was provided. Destination could not be determined`);
const errBlankCommandNames = (c: string) => new InstrError(`${c} names can not be blank`);
const errTooManyArguments = (c: string) => new InstrError(`Bad input to ${c}, too many arguments`);

/** handleJSONArgs: exec form as is, shell form joined into one string. */
function handleJSONArgs(args: string[], json: boolean): string[] {
  if (args.length === 0) return [];
  if (json) return args;
  return [args.join(' ')];
}

function getDocComment(comments: readonly string[], name: string): string {
  if (name === '') return '';
  for (const line of comments) if (line.startsWith(name + ' ')) return line.slice(name.length + 1);
  return '';
}

function parseKvps(args: string[], cmdName: string): KeyValuePair[] {
  if (args.length === 0) throw errAtLeastOneArgument(cmdName);
  if (args.length % 3 !== 0) throw errTooManyArguments(cmdName);
  const out: KeyValuePair[] = [];
  for (let j = 0; j < args.length; j += 3) {
    if (args[j].length === 0) throw errBlankCommandNames(cmdName);
    out.push({ key: args[j], value: args[j + 1], noDelim: args[j + 2] === '' });
  }
  return out;
}

const VALID_STAGE_NAME = /^[a-z][a-z0-9\-_.]*$/;

/** Go's time.ParseDuration, in nanoseconds. */
export function parseGoDuration(s: string): number {
  const orig = s;
  const invalid = () => new InstrError(`time: invalid duration ${goQuote(orig)}`);
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  const units: Record<string, number> = {
    ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9,
  };
  let total = 0;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0] >= '0' && s[0] <= '9'))) throw invalid();
    const intPart = /^[0-9]*/.exec(s)![0];
    s = s.slice(intPart.length);
    let frac = '';
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      frac = /^[0-9]*/.exec(s)![0];
      s = s.slice(frac.length);
      post = frac.length > 0;
    }
    if (intPart.length === 0 && !post) throw invalid();
    let i = 0;
    while (i < s.length && !(s[i] === '.' || (s[i] >= '0' && s[i] <= '9'))) i++;
    if (i === 0) throw new InstrError(`time: missing unit in duration ${goQuote(orig)}`);
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = units[u];
    if (unit === undefined) throw new InstrError(`time: unknown unit ${goQuote(u)} in duration ${goQuote(orig)}`);
    total += Number(intPart || '0') * unit + (frac ? Math.floor(Number('0.' + frac) * unit) : 0);
    if (total > 2 ** 63 - 1) throw invalid();
  }
  return neg ? -total : total;
}

/** Go's strconv.ParseInt(s, 10, 32). */
function parseInt32(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new InstrError(`strconv.ParseInt: parsing ${goQuote(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 2147483647 || n < -2147483648) throw new InstrError(`strconv.ParseInt: parsing ${goQuote(s)}: value out of range`);
  return n;
}

// ---------------------------------------------------------------------------
// Per-instruction parsers

interface Req {
  node: Node;
  command: string;
  args: string[];
  json: boolean;
  flags: BFlags;
  base: Omit<Base<InstructionKind>, 'kind'>;
}

function makeReq(node: Node): Req {
  return {
    node,
    command: node.value,
    args: nodeArgs(node),
    json: !!node.attributes.json,
    flags: new BFlags(node.flags),
    base: {
      command: node.value,
      original: trimSpace(node.original),
      startLine: node.startLine,
      endLine: node.endLine,
      comments: [...node.prevComment],
      flags: [...node.flags],
    },
  };
}

function parseFrom(req: Req): FromInstruction {
  const args = req.args;
  let stageName: string | null = null;
  if (args.length === 3 && args[1].toLowerCase() === 'as') {
    stageName = args[2].toLowerCase();
    if (!VALID_STAGE_NAME.test(stageName)) {
      throw new InstrError(`invalid name for build stage: ${goQuote(args[2])}, name can't start with a number or contain symbols`);
    }
  } else if (args.length !== 1) {
    throw new InstrError('FROM requires either one or three arguments');
  }
  const platform = req.flags.addString('platform');
  req.flags.parse();
  return {
    kind: 'FROM',
    ...req.base,
    image: args[0],
    stageName,
    platform: req.flags.isUsed(platform) ? platform.value : null,
    docComment: getDocComment(req.base.comments, stageName ?? ''),
  };
}

function shellDependent(req: Req): ShellDependent {
  return {
    cmdLine: handleJSONArgs(req.args, req.json),
    prependShell: !req.json,
    heredocs: req.node.heredocs.map((h) => ({ ...h })),
  };
}

function parseRun(req: Req): RunInstruction {
  const fDevice = req.flags.addStrings('device');
  const fMount = req.flags.addStrings('mount');
  const fNetwork = req.flags.addString('network', 'default');
  const fSecurity = req.flags.addString('security', 'sandbox');
  req.flags.parse();
  for (const spec of fMount.values) checkMountSpec(spec);
  const network = fNetwork.value;
  if (network !== 'default' && network !== 'none' && network !== 'host') {
    throw new InstrError(`invalid network mode ${goQuote(network)}`);
  }
  const security = fSecurity.value;
  if (security !== 'sandbox' && security !== 'insecure') throw new InstrError(`security ${goQuote(security)} is not valid`);
  return {
    kind: 'RUN',
    ...req.base,
    ...shellDependent(req),
    mounts: [...fMount.values],
    network,
    security,
    devices: [...fDevice.values],
    flagsUsed: [...req.flags.used.keys()],
  };
}

function parseSourcesAndDest(req: Req, command: string): Pick<CopyLike, 'sources' | 'sourceContents' | 'dest'> {
  const srcs = req.args.slice(0, -1);
  const dest = req.args[req.args.length - 1];
  if (mustParseHeredoc(dest)) throw new InstrError(`${command} cannot accept a heredoc as a destination`);
  const lookup = new Map<string, Heredoc>();
  for (const h of req.node.heredocs) lookup.set(h.name, h);
  const sources: string[] = [];
  const sourceContents: SourceContent[] = [];
  for (const src of srcs) {
    const h = mustParseHeredoc(src);
    if (h) {
      let data = lookup.get(h.name)?.content ?? '';
      if (h.chomp) data = chompHeredocContent(data);
      sourceContents.push({ path: h.name, data, expand: h.expand });
    } else {
      sources.push(src);
    }
  }
  return { sources, sourceContents, dest };
}

function optString(flags: BFlags, f: Flag): string | null {
  return flags.isUsed(f) ? f.value : null;
}

function parseCopy(req: Req): CopyInstruction {
  if (req.args.length < 2) throw errNoDestinationArgument('COPY');
  const f = req.flags;
  const chown = f.addString('chown');
  const from = f.addString('from');
  const chmod = f.addString('chmod');
  const link = f.addBool('link');
  const exclude = f.addStrings('exclude');
  const parents = f.addBool('parents');
  f.parse();
  return {
    kind: 'COPY',
    ...req.base,
    ...parseSourcesAndDest(req, 'COPY'),
    from: optString(f, from),
    chown: optString(f, chown),
    chmod: optString(f, chmod),
    link: link.value === 'true',
    parents: parents.value === 'true',
    exclude: [...exclude.values],
  };
}

function parseAdd(req: Req): AddInstruction {
  if (req.args.length < 2) throw errNoDestinationArgument('ADD');
  const f = req.flags;
  const chown = f.addString('chown');
  const chmod = f.addString('chmod');
  const link = f.addBool('link');
  const keepGitDir = f.addBool('keep-git-dir');
  const checksum = f.addString('checksum');
  const unpack = f.addBool('unpack');
  const exclude = f.addStrings('exclude');
  f.parse();
  return {
    kind: 'ADD',
    ...req.base,
    ...parseSourcesAndDest(req, 'ADD'),
    chown: optString(f, chown),
    chmod: optString(f, chmod),
    link: link.value === 'true',
    keepGitDir: f.isUsed(keepGitDir) ? keepGitDir.value === 'true' : null,
    checksum: optString(f, checksum),
    unpack: f.isUsed(unpack) ? unpack.value === 'true' : null,
    exclude: [...exclude.values],
  };
}

function parseHealthcheck(req: Req): HealthcheckInstruction {
  if (req.args.length === 0) throw errAtLeastOneArgument('HEALTHCHECK');
  let typ = req.args[0].toUpperCase();
  const args = req.args.slice(1);
  const health: HealthConfig = { test: [], interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 };
  if (typ === 'NONE') {
    if (args.length !== 0) throw new InstrError('HEALTHCHECK NONE takes no arguments');
    health.test = [typ];
    return { kind: 'HEALTHCHECK', ...req.base, health };
  }
  const f = req.flags;
  const interval = f.addString('interval');
  const timeout = f.addString('timeout');
  const startPeriod = f.addString('start-period');
  const startInterval = f.addString('start-interval');
  const retries = f.addString('retries');
  f.parse();
  if (typ !== 'CMD') throw new InstrError(`Unknown type ${goQuote(typ)} in HEALTHCHECK (try CMD)`);
  const cmdSlice = handleJSONArgs(args, req.json);
  if (cmdSlice.length === 0) throw new InstrError('Missing command after HEALTHCHECK CMD');
  if (!req.json) typ = 'CMD-SHELL';
  health.test = [typ, ...cmdSlice];
  const interval0 = (fl: Flag): number => {
    if (fl.value === '') return 0;
    const d = parseGoDuration(fl.value);
    if (d === 0) return 0;
    if (d < 1e6) throw new InstrError(`Interval ${goQuote(fl.name)} cannot be less than 1ms`);
    return d;
  };
  health.interval = interval0(interval);
  health.timeout = interval0(timeout);
  health.startPeriod = interval0(startPeriod);
  health.startInterval = interval0(startInterval);
  if (retries.value !== '') {
    const r = parseInt32(retries.value);
    if (r < 0) throw new InstrError(`--retries cannot be negative (${r})`);
    health.retries = r;
  }
  return { kind: 'HEALTHCHECK', ...req.base, health };
}

function parseOnbuild(req: Req): OnbuildInstruction {
  if (req.args.length === 0) throw errAtLeastOneArgument('ONBUILD');
  req.flags.parse();
  const trigger = trimSpace(req.args[0]).toUpperCase();
  if (trigger === 'ONBUILD') throw new InstrError('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
  if (trigger === 'MAINTAINER' || trigger === 'FROM') throw new InstrError(`${trigger} isn't allowed as an ONBUILD trigger`);
  let expression = req.node.original.replace(/^[\t\n\f\r ]*ONBUILD[\t\n\f\r ]*/i, '');
  for (const h of req.node.heredocs) expression += '\n' + h.content + h.name;
  return { kind: 'ONBUILD', ...req.base, expression };
}

function parseArg(req: Req): ArgInstruction {
  if (req.args.length < 1) throw errAtLeastOneArgument('ARG');
  const args: ArgPair[] = req.args.map((arg) => {
    let key = arg;
    let value: string | null = null;
    const eq = arg.indexOf('=');
    if (eq >= 0) {
      key = arg.slice(0, eq);
      value = arg.slice(eq + 1);
      if (key.length === 0) throw errBlankCommandNames('ARG');
    }
    return { key, value, docComment: getDocComment(req.base.comments, key) };
  });
  return { kind: 'ARG', ...req.base, args };
}

function exactlyOne(req: Req, name: string): string {
  if (req.args.length !== 1) throw errExactlyOneArgument(name);
  return req.args[0];
}

function dispatchInstruction(req: Req): Instruction {
  const b = req.base;
  switch (req.command.toLowerCase()) {
    case 'env': {
      req.flags.parse();
      return { kind: 'ENV', ...b, pairs: parseKvps(req.args, 'ENV') };
    }
    case 'maintainer': {
      const maintainer = exactlyOne(req, 'MAINTAINER');
      req.flags.parse();
      return { kind: 'MAINTAINER', ...b, maintainer };
    }
    case 'label':
      req.flags.parse();
      return { kind: 'LABEL', ...b, labels: parseKvps(req.args, 'LABEL') };
    case 'add':
      return parseAdd(req);
    case 'copy':
      return parseCopy(req);
    case 'from':
      return parseFrom(req);
    case 'onbuild':
      return parseOnbuild(req);
    case 'workdir': {
      const path = exactlyOne(req, 'WORKDIR');
      req.flags.parse();
      return { kind: 'WORKDIR', ...b, path };
    }
    case 'run':
      return parseRun(req);
    case 'cmd':
      req.flags.parse();
      return { kind: 'CMD', ...b, ...shellDependent(req) };
    case 'entrypoint': {
      req.flags.parse();
      const sd = shellDependent(req);
      return { kind: 'ENTRYPOINT', ...b, ...sd, cmdLine: sd.cmdLine.length === 0 ? null : sd.cmdLine };
    }
    case 'healthcheck':
      return parseHealthcheck(req);
    case 'expose': {
      if (req.args.length === 0) throw errAtLeastOneArgument('EXPOSE');
      req.flags.parse();
      return { kind: 'EXPOSE', ...b, ports: [...req.args].sort() };
    }
    case 'user': {
      const user = exactlyOne(req, 'USER');
      req.flags.parse();
      return { kind: 'USER', ...b, user };
    }
    case 'volume': {
      if (req.args.length === 0) throw errAtLeastOneArgument('VOLUME');
      req.flags.parse();
      const volumes = req.args.map((v) => {
        const t = trimSpace(v);
        if (t === '') throw new InstrError('VOLUME specified can not be an empty string');
        return t;
      });
      return { kind: 'VOLUME', ...b, volumes };
    }
    case 'stopsignal':
      // BuildKit does not validate STOPSIGNAL's flags
      return { kind: 'STOPSIGNAL', ...b, signal: exactlyOne(req, 'STOPSIGNAL') };
    case 'arg':
      return parseArg(req);
    case 'shell': {
      req.flags.parse();
      const shell = handleJSONArgs(req.args, req.json);
      if (shell.length === 0) throw errAtLeastOneArgument('SHELL');
      if (!req.json) throw new InstrError('SHELL requires the arguments to be in JSON form');
      return { kind: 'SHELL', ...b, shell };
    }
  }
  throw unknownInstructionError(req.node);
}

/**
 * Typed instruction from one instruction node (BuildKit's ParseInstruction).
 * Throws DockerfileParseError `dockerfile parse error on line N: …`.
 */
export function parseInstruction(node: Node): Instruction {
  if (!isKnownInstruction(node.value)) throw unknownInstructionError(node);
  try {
    return dispatchInstruction(makeReq(node));
  } catch (e) {
    if (e instanceof InstrError || e instanceof FlagError || e instanceof MountError) {
      throw instructionError(e.message, node.startLine, node.endLine);
    }
    throw e;
  }
}

/**
 * Group the instructions of a parsed Dockerfile into stages (BuildKit's
 * instructions.Parse). Instructions are checked in line order, so the first
 * error reported is the first in the file. A non-ARG instruction before the
 * first FROM is "no build stage in current context". A file with only ARGs
 * yields no stages: the builder reports "dockerfile contains no stages to build".
 */
export function parseStages(input: ParseResult | Node): ParsedStages {
  const ast = 'ast' in input ? input.ast : input;
  const stages: Stage[] = [];
  const metaArgs: ArgInstruction[] = [];
  for (const n of ast.children) {
    const ins = parseInstruction(n);
    if (stages.length === 0 && ins.kind === 'ARG') {
      metaArgs.push(ins);
      continue;
    }
    if (ins.kind === 'FROM') {
      stages.push({
        name: ins.stageName,
        baseName: ins.image,
        platform: ins.platform,
        from: ins,
        commands: [],
        startLine: ins.startLine,
        endLine: ins.endLine,
        docComment: ins.docComment,
      });
      continue;
    }
    const cur = stages[stages.length - 1];
    if (!cur) {
      throw new DockerfileParseError('no build stage in current context', {
        startLine: n.startLine, endLine: n.endLine, detail: 'no build stage in current context', kind: 'syntax',
      });
    }
    cur.commands.push(ins);
  }
  return { stages, metaArgs };
}

/**
 * Parse Dockerfile text all the way to stages, reporting errors in the order
 * BuildKit does (parse errors first, then instruction errors line by line).
 */
export function parseDockerfileStages(text: string): ParsedStages & { result: ParseResult } {
  const result = parseDockerfile(text, { unknownInstructions: 'keep' });
  return { result, ...parseStages(result) };
}

/** Index of a stage by `--from`/FROM reference: a name (case-insensitive) or a numeric index. */
export function findStage(stages: readonly Stage[], ref: string): number {
  const lower = ref.toLowerCase();
  const i = stages.findIndex((s) => s.name !== null && s.name === lower);
  if (i >= 0) return i;
  if (/^[0-9]+$/.test(ref)) {
    const n = Number(ref);
    if (n < stages.length) return n;
  }
  return -1;
}

// ---------------------------------------------------------------------------
// RUN --mount (commands_runmount.go)

export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';
export type ShareMode = 'shared' | 'private' | 'locked';

export interface RunMount {
  type: MountType;
  from: string;
  source: string;
  target: string;
  readOnly: boolean;
  /** tmpfs size in bytes (0 = unlimited). */
  sizeLimit: number;
  cacheId: string;
  cacheSharing: ShareMode | '';
  required: boolean;
  /** Secret env var name; null when not given. */
  env: string | null;
  mode: number | null;
  uid: number | null;
  gid: number | null;
}

/** A bad RUN --mount spec (code INVALID_ARGUMENT); parseInstruction rewraps it with the lines. */
export class MountError extends EngineError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
    this.name = 'MountError';
  }
}

const MOUNT_TYPES: readonly MountType[] = ['bind', 'cache', 'secret', 'ssh', 'tmpfs'];
const SHARE_MODES: readonly ShareMode[] = ['locked', 'private', 'shared'];

/** One CSV record (encoding/csv rules: "…" quoting with "" for a quote). */
export function parseCsvFields(val: string): string[] {
  if (val === '') return [];
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (val[i] === '"') {
      i++;
      for (;;) {
        if (i >= val.length) throw new MountError(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
        if (val[i] === '"') {
          if (val[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          if (i < val.length && val[i] !== ',') {
            throw new MountError(`parse error on line 1, column ${i}: extraneous or missing " in quoted-field`);
          }
          break;
        }
        field += val[i++];
      }
    } else {
      while (i < val.length && val[i] !== ',') {
        if (val[i] === '"') throw new MountError(`parse error on line 1, column ${i + 1}: bare " in non-quoted-field`);
        field += val[i++];
      }
    }
    out.push(field);
    if (i >= val.length) return out;
    i++; // the comma
    if (i >= val.length) {
      out.push('');
      return out;
    }
  }
}

function parseBool(key: string, value: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw new MountError(`invalid value for ${key}: ${value}`);
}

function parseUint32(value: string, base: 8 | 10): number | null {
  const re = base === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!re.test(value)) return null;
  const n = parseInt(value, base);
  return n > 0xffffffff ? null : n;
}

/** go-units RAMInBytes: "64m", "1.5GiB", "512" (binary multiples). */
export function ramInBytes(size: string): number | null {
  const m = /^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(size);
  if (!m) return null;
  const n = Number(m[1]);
  if (Number.isNaN(n)) return null;
  const mult: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };
  return Math.trunc(n * (m[3] ? mult[m[3].toLowerCase()] : 1));
}

/** Validation done at parse time, before variables are known (parseMount with a nil expander). */
function checkMountSpec(spec: string): void {
  let fields: string[];
  try {
    fields = parseCsvFields(spec);
  } catch (e) {
    throw new MountError(`failed to parse csv mounts: ${(e as Error).message}`);
  }
  for (const field of fields) {
    const eq = field.indexOf('=');
    if (eq < 0) continue;
    const key = field.slice(0, eq).toLowerCase();
    const value = field.slice(eq + 1);
    if (key === 'from') {
      const idx = value.indexOf('$');
      if (idx !== -1 && idx !== value.length - 1) {
        throw new MountError(`'${key}' doesn't support variable expansion, define alias stage instead`);
      }
    }
  }
}

/**
 * Parse a RUN --mount spec, expanding each value with `expand` (pass `(w) => w`
 * when there is nothing to substitute). Throws MountError (code INVALID_ARGUMENT)
 * worded like BuildKit (e.g. `unsupported mount type "cahce" (did you mean cache?)`);
 * the builder attaches the instruction's location.
 */
export function parseMount(spec: string, expand: (word: string) => string): RunMount {
  let fields: string[];
  try {
    fields = parseCsvFields(spec);
  } catch (e) {
    throw new MountError(`failed to parse csv mounts: ${(e as Error).message}`);
  }
  const m: RunMount = {
    type: 'bind', from: '', source: '', target: '', readOnly: false, sizeLimit: 0, cacheId: '',
    cacheSharing: '', required: false, env: null, mode: null, uid: null, gid: null,
  };
  let roAuto = true;
  for (const field of fields) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      switch (key) {
        case 'readonly': case 'ro':
          m.readOnly = true; roAuto = false; continue;
        case 'readwrite': case 'rw':
          m.readOnly = false; roAuto = false; continue;
        case 'required':
          if (m.type === 'secret' || m.type === 'ssh') { m.required = true; continue; }
          throw new MountError(`unexpected key '${key}' for mount type '${m.type}'`);
        default:
          throw new MountError(`invalid field '${field}' must be a key=value pair`);
      }
    }
    const value = expand(field.slice(eq + 1));
    switch (key) {
      case 'type': {
        const v = value.toLowerCase() as MountType;
        if (!MOUNT_TYPES.includes(v)) throw new MountError(withSuggestion(`unsupported mount type ${goQuote(value)}`, value, MOUNT_TYPES, true));
        m.type = v;
        break;
      }
      case 'from': m.from = value; break;
      case 'source': case 'src': m.source = value; break;
      case 'target': case 'dst': case 'destination': m.target = value; break;
      case 'readonly': case 'ro': m.readOnly = parseBool(key, value); roAuto = false; break;
      case 'readwrite': case 'rw': m.readOnly = !parseBool(key, value); roAuto = false; break;
      case 'required':
        if (m.type !== 'secret' && m.type !== 'ssh') throw new MountError(`unexpected key '${key}' for mount type '${m.type}'`);
        m.required = parseBool(key, value);
        break;
      case 'size': {
        if (m.type !== 'tmpfs') throw new MountError(`unexpected key '${key}' for mount type '${m.type}'`);
        const n = ramInBytes(value);
        if (n === null) throw new MountError(`invalid value for ${key}: ${value}`);
        m.sizeLimit = n;
        break;
      }
      case 'id': m.cacheId = value; break;
      case 'sharing': {
        const v = value.toLowerCase() as ShareMode;
        if (!SHARE_MODES.includes(v)) throw new MountError(withSuggestion(`unsupported sharing value ${goQuote(value)}`, value, SHARE_MODES, true));
        m.cacheSharing = v;
        break;
      }
      case 'mode': {
        const n = parseUint32(value, 8);
        if (n === null) throw new MountError(`invalid value ${value} for mode`);
        m.mode = n;
        break;
      }
      case 'uid': case 'gid': {
        const n = parseUint32(value, 10);
        if (n === null) throw new MountError(`invalid value ${value} for ${key}`);
        if (key === 'uid') m.uid = n;
        else m.gid = n;
        break;
      }
      case 'env': m.env = value; break;
      default: {
        const allKeys = ['type', 'from', 'source', 'target', 'readonly', 'id', 'sharing', 'required', 'size', 'mode', 'uid', 'gid', 'src', 'dst', 'destination', 'ro', 'rw', 'readwrite', 'env'];
        throw new MountError(withSuggestion(`unexpected key '${key}' in '${field}'`, key, allKeys, true));
      }
    }
  }
  const fileInfoAllowed = m.type === 'secret' || m.type === 'ssh' || m.type === 'cache';
  if (!fileInfoAllowed) {
    if (m.mode !== null) throw new MountError(`mode not allowed for ${goQuote(m.type)} type mounts`);
    if (m.uid !== null) throw new MountError(`uid not allowed for ${goQuote(m.type)} type mounts`);
    if (m.gid !== null) throw new MountError(`gid not allowed for ${goQuote(m.type)} type mounts`);
  }
  if (roAuto) m.readOnly = !(m.type === 'cache' || m.type === 'tmpfs');
  if (m.type === 'secret') {
    if (m.from !== '') throw new MountError('secret mount should not have a from');
    if (m.cacheSharing !== '') throw new MountError('secret mount should not define sharing');
    if (m.source === '' && m.target === '' && m.cacheId === '') throw new MountError('invalid secret mount. one of source, target required');
    if (m.source !== '' && m.cacheId !== '') throw new MountError('both source and id can\'t be set');
  }
  if (m.cacheSharing !== '' && m.type !== 'cache') throw new MountError(`invalid cache sharing set for ${m.type} mount`);
  return m;
}
