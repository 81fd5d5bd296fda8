/**
 * Per-instruction argument parsers (BuildKit parser/line_parsers.go and
 * split_command.go): each turns the text after the instruction word into the
 * `next` chain of an instruction node.
 */
import { newNode, type EscapeToken, type Node, type NodeAttributes } from './ast';
import { goQuote, goSplit, isSpace, trimLeftSpace, trimSpace } from './gostr';

/** ASCII whitespace run, BuildKit's reWhitespace. */
export const RE_WHITESPACE = /[\t\v\f\r ]+/;

/** A parse failure with no location yet; parse.ts attaches the lines. */
export class LineParseError extends Error {}

export interface LineParseContext {
  escapeToken: EscapeToken;
}

export interface LineParseResult {
  next: Node | null;
  attributes: NodeAttributes;
}

type LineParser = (rest: string, ctx: LineParseContext) => LineParseResult;

export const ERR_NOT_STRING_ARRAY = 'when using JSON array syntax, arrays must be comprised of strings only';

const none = (next: Node | null, attributes: NodeAttributes = {}): LineParseResult => ({ next, attributes });

/** Build a `next` chain from values. */
export function chain(values: readonly string[]): Node | null {
  let head: Node | null = null;
  for (let i = values.length - 1; i >= 0; i--) head = newNode(values[i], head);
  return head;
}

/** Unknown instructions: keep a node with an empty argument, like BuildKit's parseIgnore. */
export const parseIgnore: LineParser = () => none(newNode(''));

/**
 * Words separated by whitespace, quotes and escapes kept in the word (parseWords);
 * used by ENV, LABEL and ARG.
 */
export function parseWords(rest: string, escapeToken: string): string[] {
  const IN_SPACES = 0, IN_WORD = 1, IN_QUOTE = 2;
  const words: string[] = [];
  let phase = IN_SPACES;
  let quote = '';
  let blankOK = false;
  let word = '';
  const chars = Array.from(rest);
  for (let pos = 0; pos <= chars.length; pos++) {
    const atEnd = pos === chars.length;
    let ch = atEnd ? '' : chars[pos];
    if (phase === IN_SPACES) {
      if (atEnd) break;
      if (isSpace(ch)) continue;
      phase = IN_WORD;
    }
    if ((phase === IN_WORD || phase === IN_QUOTE) && atEnd) {
      if (blankOK || word.length > 0) words.push(word);
      break;
    }
    if (phase === IN_WORD) {
      if (isSpace(ch)) {
        phase = IN_SPACES;
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = IN_QUOTE;
      }
      if (ch === escapeToken) {
        if (pos + 1 === chars.length) continue; // an escape at the very end is dropped
        word += ch;
        pos++;
        ch = chars[pos];
      }
      word += ch;
      continue;
    }
    // IN_QUOTE
    if (ch === quote) phase = IN_WORD;
    if (ch === escapeToken && quote !== "'") {
      if (pos + 1 === chars.length) {
        phase = IN_WORD;
        continue;
      }
      pos++;
      word += ch;
      ch = chars[pos];
    }
    word += ch;
  }
  return words;
}

function keyValueNode(key: string, value: string, sep: string): Node {
  return newNode(key, newNode(value, newNode(sep)));
}

/** ENV / LABEL: `KEY name value` (legacy, separator "") or `KEY a=b c=d` (separator "="). */
export function parseNameVal(rest: string, key: string, ctx: LineParseContext): Node | null {
  const words = parseWords(rest, ctx.escapeToken);
  if (words.length === 0) return null;

  if (!words[0].includes('=')) {
    const parts = goSplit(RE_WHITESPACE, rest, 2);
    if (parts.length < 2) throw new LineParseError(`${key} must have two arguments`);
    return keyValueNode(parts[0], parts[1], '');
  }

  const values: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      throw new LineParseError(`Syntax error - can't find = in ${goQuote(word)}. Must be of the form: name=value`);
    }
    values.push(word.slice(0, eq), word.slice(eq + 1), '=');
  }
  return chain(values);
}

const parseEnv: LineParser = (rest, ctx) => none(parseNameVal(rest, 'ENV', ctx));
const parseLabel: LineParser = (rest, ctx) => none(parseNameVal(rest, 'LABEL', ctx));

/** ARG: words kept as written (`a`, `b=c`, `d="e f"`), split into name/value later. */
const parseNameOrNameVal: LineParser = (rest, ctx) => none(chain(parseWords(rest, ctx.escapeToken)));

/** Whitespace-separated arguments (FROM, EXPOSE; ADD/COPY/VOLUME when not JSON). */
export const parseStringsWhitespaceDelimited: LineParser = (rest) => {
  if (rest === '') return none(null);
  const parts = goSplit(RE_WHITESPACE, rest, -1);
  return none(chain(parts));
};

/** The whole rest as a single argument (MAINTAINER, USER, WORKDIR, STOPSIGNAL). */
export const parseString: LineParser = (rest) => none(rest === '' ? null : newNode(rest));

class NotJSONArray extends Error {}

/** Strict JSON array of strings; throws NotJSONArray when it is not JSON at all. */
export function parseJSON(rest: string): LineParseResult {
  rest = trimLeftSpace(rest);
  if (!rest.startsWith('[')) throw new NotJSONArray('not a JSON array');
  let parsed: unknown;
  try {
    parsed = JSON.parse(rest);
  } catch (e) {
    throw new NotJSONArray((e as Error).message);
  }
  if (!Array.isArray(parsed)) throw new NotJSONArray('not a JSON array');
  // Go's decoder rejects numbers that overflow float64 (JSON.parse gives Infinity): not JSON.
  if (parsed.some((v) => typeof v === 'number' && !Number.isFinite(v))) throw new NotJSONArray('number out of range');
  const values: string[] = [];
  for (const v of parsed) {
    if (typeof v !== 'string') throw new LineParseError(ERR_NOT_STRING_ARRAY);
    // Go decodes a lone surrogate escape to U+FFFD
    values.push(v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\uFFFD'));
  }
  return none(chain(values), { json: true });
}

/** JSON array (exec form) or the whole rest as one shell-form argument (RUN, CMD, ENTRYPOINT, SHELL). */
export const parseMaybeJSON: LineParser = (rest) => {
  if (rest === '') return none(null);
  try {
    return parseJSON(rest);
  } catch (e) {
    if (!(e instanceof NotJSONArray)) throw e;
  }
  return none(newNode(rest));
};

/** JSON array or whitespace-separated list (ADD, COPY, VOLUME). */
export const parseMaybeJSONToList: LineParser = (rest, ctx) => {
  try {
    return parseJSON(rest);
  } catch (e) {
    if (!(e instanceof NotJSONArray)) throw e;
  }
  return parseStringsWhitespaceDelimited(rest, ctx);
};

/** HEALTHCHECK: a type word (CMD/NONE) then parseMaybeJSON. */
const parseHealthConfig: LineParser = (rest, ctx) => {
  let sep = 0;
  while (sep < rest.length && !isSpace(rest[sep])) sep++;
  let next = sep;
  while (next < rest.length && isSpace(rest[next])) next++;
  if (sep === 0) return none(null);
  const typ = rest.slice(0, sep);
  const cmd = parseMaybeJSON(rest.slice(next), ctx);
  return none(newNode(typ, cmd.next), cmd.attributes);
};

/** ONBUILD: the rest is itself an instruction, stored as the single child of the argument node. */
const parseSubCommand: LineParser = (rest, ctx) => {
  if (rest === '') return none(null);
  const child = newNodeFromLine(rest, ctx, []);
  const holder = newNode('');
  holder.children.push(child);
  return none(holder);
};

/** The instruction words BuildKit knows (lowercase) and their argument parsers. */
export const DISPATCH: Readonly<Record<string, LineParser>> = {
  add: parseMaybeJSONToList,
  arg: parseNameOrNameVal,
  cmd: parseMaybeJSON,
  copy: parseMaybeJSONToList,
  entrypoint: parseMaybeJSON,
  env: parseEnv,
  expose: parseStringsWhitespaceDelimited,
  from: parseStringsWhitespaceDelimited,
  healthcheck: parseHealthConfig,
  label: parseLabel,
  maintainer: parseString,
  onbuild: parseSubCommand,
  run: parseMaybeJSON,
  shell: parseMaybeJSON,
  stopsignal: parseString,
  user: parseString,
  volume: parseMaybeJSONToList,
  workdir: parseString,
};

export function isKnownInstruction(word: string): boolean {
  return Object.prototype.hasOwnProperty.call(DISPATCH, word.toLowerCase());
}

/** All instruction names, uppercase, sorted (for "did you mean" suggestions). */
export const ALL_INSTRUCTIONS: readonly string[] = Object.keys(DISPATCH).map((s) => s.toUpperCase()).sort();

/**
 * Leading `--flag[=value]` words (quotes and escapes removed), stopping at the
 * first word not starting with `--` or after a bare `--` (extractBuilderFlags).
 * Returns the remaining text and the flags.
 */
export function extractBuilderFlags(line: string, escapeToken: string): [string, string[]] {
  const IN_SPACES = 0, IN_WORD = 1, IN_QUOTE = 2;
  const words: string[] = [];
  let phase = IN_SPACES;
  let word = '';
  let quote = '';
  let blankOK = false;
  for (let pos = 0; pos <= line.length; pos++) {
    const atEnd = pos === line.length;
    let ch = atEnd ? '' : line[pos];
    if (phase === IN_SPACES) {
      if (atEnd) break;
      if (isSpace(ch)) continue;
      if (ch !== '-' || pos + 1 === line.length || line[pos + 1] !== '-') return [line.slice(pos), words];
      phase = IN_WORD;
    }
    if ((phase === IN_WORD || phase === IN_QUOTE) && atEnd) {
      if (word !== '--' && (blankOK || word.length > 0)) words.push(word);
      break;
    }
    if (phase === IN_WORD) {
      if (isSpace(ch)) {
        phase = IN_SPACES;
        if (word === '--') return [line.slice(pos), words];
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = IN_QUOTE;
        continue;
      }
      if (ch === escapeToken) {
        if (pos + 1 === line.length) continue;
        pos++;
        ch = line[pos];
      }
      word += ch;
      continue;
    }
    // IN_QUOTE
    if (ch === quote) {
      phase = IN_WORD;
      continue;
    }
    if (ch === escapeToken) {
      if (pos + 1 === line.length) {
        phase = IN_WORD;
        continue;
      }
      pos++;
      ch = line[pos];
    }
    word += ch;
  }
  return ['', words];
}

/** Split a logical line into instruction word, flags and argument text (splitCommand). */
export function splitCommand(line: string, escapeToken: string): { cmd: string; flags: string[]; args: string } {
  const cmdline = goSplit(RE_WHITESPACE, trimSpace(line), 2);
  let args = '';
  let flags: string[] = [];
  if (cmdline.length === 2) [args, flags] = extractBuilderFlags(cmdline[1], escapeToken);
  return { cmd: cmdline[0], flags, args: trimSpace(args) };
}

/** Parse one logical line into an instruction node (newNodeFromLine); lines are set by the caller. */
export function newNodeFromLine(line: string, ctx: LineParseContext, comments: string[]): Node {
  const { cmd, flags, args } = splitCommand(line, ctx.escapeToken);
  const fn = isKnownInstruction(cmd) ? DISPATCH[cmd.toLowerCase()] : parseIgnore;
  const { next, attributes } = fn(args, ctx);
  const node = newNode(cmd, next);
  node.original = line;
  node.flags = flags;
  node.attributes = attributes;
  node.prevComment = comments;
  return node;
}
