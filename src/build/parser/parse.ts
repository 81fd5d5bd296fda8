/**
 * Dockerfile parser, stage 1: text -> instruction nodes with line ranges.
 * Follows BuildKit's frontend/dockerfile/parser (parser.go, directives.go,
 * line_parsers.go, split_command.go) rule for rule, with heredocs enabled, so
 * that `dumpAst(parseDockerfile(text))` equals BuildKit's `Node.Dump()`.
 *
 *  - parser directives (`# escape=`, `# syntax=`, `# check=`) only at the very
 *    top, keys case-insensitive, each at most once;
 *  - `#` comments (also between continuation lines), line continuation with the
 *    escape token, empty continuation lines (warning);
 *  - per-instruction argument parsing (JSON/exec vs shell form, ENV/LABEL name
 *    value pairs, HEALTHCHECK, ONBUILD …), builder flags into `node.flags`;
 *  - heredocs for RUN/COPY/ADD (also under ONBUILD): `<<EOF`, `<<-EOF`,
 *    `<<'EOF'`, `3<<EOF`, several per line, bodies read after the line.
 *
 * Errors are DockerfileParseError (code DOCKERFILE_PARSE) with 1-based
 * `data.startLine`/`data.endLine`.
 */
import { newNode, type EscapeToken, type Heredoc, type Node, type ParseResult, type ParseWarning, type ParserDirectives } from './ast';
import { instructionError, syntaxError } from './errors';
import { trimLeftSpace, trimSpace, withSuggestion } from './gostr';
import { ALL_INSTRUCTIONS, LineParseError, isKnownInstruction, newNodeFromLine, type LineParseContext } from './lineParsers';
import { ShellExpansionError, ShellLex } from '../shellWords';

export interface ParseOptions {
  /**
   * 'error' (default): an unknown instruction word is an error, worded like
   * BuildKit: `dockerfile parse error on line 3: unknown instruction: RUNN (did you mean RUN?)`.
   * It is raised after the whole file parsed (parse errors anywhere win, as in BuildKit).
   * 'keep': keep the node (its argument is one empty string, as BuildKit's parser
   * does) and let instructions.ts report it in line order with the other instruction errors.
   */
  unknownInstructions?: 'error' | 'keep';
}

const DIRECTIVE_RE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*([^\n]+?)[\t\n\f\r ]*$/;
const VALID_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

/** Lines that can hold heredocs; ONBUILD looks at its trigger. */
const HEREDOC_DIRECTIVES = new Set(['add', 'copy', 'run']);
const HEREDOC_COMPOUND_DIRECTIVES = new Set(['onbuild']);

/** parser.go's reHeredoc (Go's \s is [\t\n\f\r ]). */
const RE_HEREDOC = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

class DirectiveState implements LineParseContext {
  escapeToken: EscapeToken = '\\';
  private continuation = continuationRegex('\\');
  private done = false;
  private seen = new Set<string>();
  readonly values: ParserDirectives = { escape: '\\', syntax: null, check: null };

  /** DirectiveParser.ParseLine + possibleParserDirective. True when the line was a directive. */
  possibleDirective(line: string): boolean {
    if (this.done) return false;
    if (!line.startsWith('#')) {
      this.done = true;
      return false;
    }
    const m = DIRECTIVE_RE.exec(trimLeftSpace(line.slice(1)));
    if (!m) {
      this.done = true;
      return false;
    }
    const key = m[1].toLowerCase();
    if (!VALID_DIRECTIVES.has(key)) {
      this.done = true;
      return false;
    }
    if (this.seen.has(key)) throw new LineParseError(`only one ${key} parser directive can be used`);
    this.seen.add(key);
    const value = m[2];
    if (key === 'escape') {
      if (value !== '`' && value !== '\\') {
        throw new LineParseError(`invalid escape token '${value}' does not match \` or \\`);
      }
      this.escapeToken = value;
      this.values.escape = value;
      this.continuation = continuationRegex(value);
    } else if (key === 'syntax') {
      this.values.syntax = value;
    } else {
      this.values.check = value;
    }
    return true;
  }

  /** trimContinuationCharacter: [line without the trailing escape, isEndOfLine]. */
  trimContinuation(line: string): [string, boolean] {
    if (this.continuation.test(line)) return [line.replace(this.continuation, '$1'), false];
    return [line, true];
  }
}

/**
 * The escape token ends a line (continuation) when it is the last non-blank
 * character and not itself preceded by the escape token, or alone on the line.
 */
function continuationRegex(tok: string): RegExp {
  const e = '\\' + tok;
  return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}

function trimNewline(s: string): string {
  let j = s.length;
  while (j > 0 && (s[j - 1] === '\n' || s[j - 1] === '\r')) j--;
  return s.slice(0, j);
}

function isComment(line: string): boolean {
  return trimLeftSpace(line).startsWith('#');
}

function isEmptyContinuationLine(line: string): boolean {
  return trimLeftSpace(trimNewline(line)).length === 0;
}

/** Split into lines, each keeping its "\n" (bufio.Scanner with parser.go's scanLines). */
function scanLines(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) {
      out.push(text.slice(i));
      break;
    }
    out.push(text.slice(i, nl + 1));
    i = nl + 1;
  }
  return out;
}

function canContainHeredoc(node: Node): boolean {
  let n = node;
  if (HEREDOC_COMPOUND_DIRECTIVES.has(n.value.toLowerCase()) && n.next && n.next.children.length > 0) {
    n = n.next.children[0];
  }
  if (!HEREDOC_DIRECTIVES.has(n.value.toLowerCase())) return false;
  return !n.attributes.json;
}

/**
 * Parse a heredoc word like `<<EOF`, `<<-'EOF'`, `3<<EOF` (ParseHeredoc); null
 * when `src` is not a heredoc. Throws on unterminated quotes in the delimiter.
 */
export function parseHeredoc(src: string): Heredoc | null {
  const m = RE_HEREDOC.exec(src);
  if (!m) return null;
  const fd = m[1] === '' ? 0 : Number(m[1]);
  const chomp = m[2] === '-';
  const rest = m[3];
  if (rest.length === 0) return null;

  const words = new ShellLex('\\', { skipUnsetEnv: true }).processWords(rest, null);
  if (words.length !== 1) return null;
  const wordsRaw = new ShellLex('\\', { skipUnsetEnv: true, rawQuotes: true }).processWords(rest, null);
  if (wordsRaw.length !== words.length) {
    throw new LineParseError(`internal lexing of heredoc produced inconsistent results: ${rest}`);
  }
  const quotes = (s: string) => s.split("'").length - 1 + (s.split('"').length - 1);
  return {
    name: words[0],
    fileDescriptor: fd,
    expand: quotes(words[0]) === quotes(wordsRaw[0]),
    chomp,
    content: '',
  };
}

/** parseHeredoc that returns null instead of throwing (MustParseHeredoc). */
export function mustParseHeredoc(src: string): Heredoc | null {
  try {
    return parseHeredoc(src);
  } catch {
    return null;
  }
}

/** The heredocs announced on an instruction line, in order. */
export function heredocsFromLine(line: string): Heredoc[] {
  let words: string[];
  try {
    words = new ShellLex('\\', { rawQuotes: true, rawEscapes: true, skipUnsetEnv: true }).processWords(line, null);
  } catch {
    words = [];
  }
  const docs: Heredoc[] = [];
  for (const w of words) {
    const h = parseHeredoc(w);
    if (h) docs.push(h);
  }
  return docs;
}

/** Strip leading tabs from every line of a `<<-` heredoc body. */
export function chompHeredocContent(src: string): string {
  return src.replace(/^\t+/gm, '');
}

function detail(e: unknown): string | null {
  if (e instanceof LineParseError || e instanceof ShellExpansionError) return e.message;
  return null;
}

function setLines(node: Node, start: number, end: number): void {
  node.startLine = start;
  node.endLine = end;
  // ONBUILD's trigger node shares the instruction's lines
  for (let n = node.next; n; n = n.next) for (const c of n.children) setLines(c, start, end);
}

/** Parse a Dockerfile. Throws DockerfileParseError. */
export function parseDockerfile(text: string, options: ParseOptions = {}): ParseResult {
  const d = new DirectiveState();
  const lines = scanLines(text);
  const root = newNode();
  root.startLine = -1;
  const warnings: ParseWarning[] = [];
  let comments: string[] = [];
  let currentLine = 0;
  let i = 0;
  let firstUnknown: Node | null = null;

  const processLine = (token: string, stripLeftWhitespace: boolean): [string, boolean] => {
    token = trimNewline(token);
    if (stripLeftWhitespace) token = trimLeftSpace(token);
    let directiveOk: boolean;
    try {
      directiveOk = d.possibleDirective(token);
    } catch (e) {
      const msg = detail(e);
      if (msg !== null) throw syntaxError(msg, currentLine + 1);
      throw e;
    }
    return [isComment(token) ? '' : token, directiveOk];
  };

  while (i < lines.length) {
    let raw = lines[i++];
    if (currentLine === 0 && raw.startsWith('\uFEFF')) raw = raw.slice(1);
    if (isComment(raw)) {
      const c = trimSpace(raw.slice(1));
      if (c === '') comments = [];
      else comments.push(c);
    }
    const [processed, directiveOk] = processLine(raw, true);
    if (directiveOk) comments.pop();
    currentLine++;

    const startLine = currentLine;
    let [chunk, isEndOfLine] = d.trimContinuation(processed);
    if (isEndOfLine && chunk.length === 0) continue;
    let line = chunk;

    let hasEmptyContinuationLine = false;
    while (!isEndOfLine && i < lines.length) {
      const rawNext = lines[i++];
      const [p] = processLine(rawNext, false);
      currentLine++;
      if (isComment(rawNext)) continue;
      if (isEmptyContinuationLine(p)) {
        hasEmptyContinuationLine = true;
        continue;
      }
      [chunk, isEndOfLine] = d.trimContinuation(p);
      line += chunk;
    }

    if (hasEmptyContinuationLine) {
      warnings.push({
        message: 'Empty continuation line found in: ' + line,
        line: currentLine,
        startLine,
        endLine: currentLine,
        url: 'https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/',
      });
    }

    let child: Node;
    try {
      child = newNodeFromLine(line, d, comments);
    } catch (e) {
      const msg = detail(e);
      if (msg !== null) throw syntaxError(msg, startLine, currentLine);
      throw e;
    }

    if (canContainHeredoc(child) && line.includes('<<')) {
      let heredocs: Heredoc[];
      try {
        heredocs = heredocsFromLine(line);
      } catch (e) {
        const msg = detail(e);
        if (msg !== null) throw syntaxError(msg, startLine, currentLine);
        throw e;
      }
      for (const heredoc of heredocs) {
        let terminated = false;
        let content = heredoc.content;
        while (i < lines.length) {
          const body = lines[i++];
          currentLine++;
          let possibleTerminator = trimNewline(body);
          if (heredoc.chomp) possibleTerminator = possibleTerminator.replace(/^\t+/, '');
          if (possibleTerminator === heredoc.name) {
            terminated = true;
            break;
          }
          content += body;
        }
        if (!terminated) throw syntaxError('unterminated heredoc', startLine, currentLine);
        child.heredocs.push({ ...heredoc, content });
      }
    }

    setLines(child, startLine, currentLine);
    if (root.startLine < 0) root.startLine = startLine;
    root.endLine = currentLine;
    root.children.push(child);
    comments = [];
    if (!firstUnknown && !isKnownInstruction(child.value)) firstUnknown = child;
  }

  if (root.startLine < 0) throw syntaxError('file with no instructions', currentLine);

  if (firstUnknown && options.unknownInstructions !== 'keep') throw unknownInstructionError(firstUnknown);

  return { ast: root, directives: { ...d.values }, warnings };
}

/** `unknown instruction: RUNN (did you mean RUN?)` at the node's lines. */
export function unknownInstructionError(node: Node) {
  const msg = withSuggestion(`unknown instruction: ${node.value}`, node.value, ALL_INSTRUCTIONS, false);
  return instructionError(msg, node.startLine, node.endLine);
}
