import { describe, expect, it } from 'vitest';
import { parse, isComplete, ShellSyntaxError, quote, quoteBackslash, type Stmt, type Word } from '../../src/shell/syntax';

/** Drops line numbers so shapes compare on structure alone. */
function shape(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (k, x) => (k === 'line' ? undefined : x)));
}

const lit = (value: string): Word => ({ type: 'Word', parts: [{ type: 'Lit', value }] });
const call = (...args: string[]) => ({
  type: 'Stmt', negated: false, background: false, redirs: [],
  cmd: { type: 'CallExpr', assigns: [], args: args.map(lit) },
});
const first = (src: string): Stmt => parse(src).stmts[0];

describe('parse: AST shape', () => {
  it('simple command', () => {
    expect(shape(parse('echo a b'))).toEqual({ type: 'File', stmts: [call('echo', 'a', 'b')] });
  });

  it('quotes, escapes and expansions keep their structure', () => {
    const w = (first(`x"a $b"'c'\\*$(d)\${e:-f}$((1+2))`).cmd as { args: Word[] }).args[0];
    expect(shape(w.parts)).toEqual([
      { type: 'Lit', value: 'x' },
      { type: 'DblQuoted', parts: [
        { type: 'Lit', value: 'a ' },
        { type: 'ParamExp', name: 'b', short: true, length: false, op: null, arg: null, arg2: null },
      ] },
      { type: 'SglQuoted', value: 'c', dollar: false },
      { type: 'Esc', value: '*' },
      { type: 'CmdSubst', backquote: false, stmts: [call('d')] },
      { type: 'ParamExp', name: 'e', short: false, length: false, op: ':-', arg: lit('f'), arg2: null },
      { type: 'ArithExp', expr: lit('1+2') },
    ]);
  });

  it('assignments, redirects and fds', () => {
    expect(shape(first('A=1 B+=x cmd >out 2>&1 <in'))).toEqual({
      type: 'Stmt', negated: false, background: false,
      cmd: {
        type: 'CallExpr',
        assigns: [
          { type: 'Assign', name: 'A', append: false, value: lit('1') },
          { type: 'Assign', name: 'B', append: true, value: lit('x') },
        ],
        args: [lit('cmd')],
      },
      redirs: [
        { type: 'Redirect', op: '>', fd: null, word: lit('out'), hdoc: null },
        { type: 'Redirect', op: '>&', fd: 2, word: lit('1'), hdoc: null },
        { type: 'Redirect', op: '<', fd: null, word: lit('in'), hdoc: null },
      ],
    });
  });

  it('pipelines, negation and and-or lists', () => {
    const s = first('! a | b && c || d');
    expect(s.cmd.type).toBe('BinaryCmd');
    const or = s.cmd as { op: string; x: Stmt; y: Stmt };
    expect(or.op).toBe('||');
    const and = or.x.cmd as { op: string; x: Stmt; y: Stmt };
    expect(and.op).toBe('&&');
    expect(and.x.negated).toBe(true);
    expect(shape(and.x.cmd)).toEqual({ type: 'Pipeline', stmts: [call('a'), call('b')] });
  });

  it('compound commands', () => {
    expect(shape(first('if a; then b; elif c; then d; else e; fi').cmd)).toEqual({
      type: 'IfClause',
      branches: [{ cond: [call('a')], body: [call('b')] }, { cond: [call('c')], body: [call('d')] }],
      else: [call('e')],
    });
    expect(shape(first('for i in x y; do b; done').cmd)).toEqual({ type: 'ForClause', name: 'i', items: [lit('x'), lit('y')], body: [call('b')] });
    expect(shape(first('for i; do b; done').cmd)).toMatchObject({ type: 'ForClause', items: null });
    expect(shape(first('until a; do b; done').cmd)).toEqual({ type: 'WhileClause', until: true, cond: [call('a')], body: [call('b')] });
    expect(shape(first('case $x in a|b) c;; *) d;& esac').cmd)).toMatchObject({
      type: 'CaseClause',
      items: [{ patterns: [lit('a'), lit('b')], body: [call('c')], op: ';;' }, { patterns: [lit('*')], body: [call('d')], op: ';&' }],
    });
    expect(shape(first('{ a; b; } > f'))).toMatchObject({ cmd: { type: 'Block', stmts: [call('a'), call('b')] }, redirs: [{ op: '>' }] });
    expect(shape(first('(a)').cmd)).toEqual({ type: 'Subshell', stmts: [call('a')] });
    expect(shape(first('f() { a; }').cmd)).toMatchObject({ type: 'FuncDecl', name: 'f', body: { cmd: { type: 'Block' } } });
    expect(shape(first('((x++))').cmd)).toEqual({ type: 'ArithCmd', expr: lit('x++') });
    expect(shape(first('for ((i=0;i<2;i++)); do a; done').cmd)).toMatchObject({ type: 'CForClause', init: lit('i=0'), cond: lit('i<2'), post: lit('i++') });
  });

  it('here-documents: unquoted bodies expand, quoted ones are literal', () => {
    const un = first('cat <<EOF\nhi $x\nEOF').redirs[0];
    expect(shape(un.hdoc)).toEqual({ type: 'Word', parts: [{ type: 'DblQuoted', parts: [
      { type: 'Lit', value: 'hi ' },
      { type: 'ParamExp', name: 'x', short: true, length: false, op: null, arg: null, arg2: null },
      { type: 'Lit', value: '\n' },
    ] }] });
    const q = first("cat <<'EOF'\nhi $x\nEOF").redirs[0];
    expect(shape(q.hdoc)).toEqual({ type: 'Word', parts: [{ type: 'SglQuoted', value: 'hi $x\n', dollar: false }] });
    const tabs = first('cat <<-E\n\t\tx\n\tE').redirs[0];
    expect(shape(tabs.hdoc)).toMatchObject({ parts: [{ parts: [{ value: 'x\n' }] }] });
  });

  it('[[ ]] keeps operators the lexer would otherwise take', () => {
    expect(shape(first('[[ -n $x && ( a < b ) ]]').cmd)).toEqual({ type: 'TestClause', items: [
      lit('-n'),
      { type: 'Word', parts: [{ type: 'ParamExp', name: 'x', short: true, length: false, op: null, arg: null, arg2: null }] },
      { type: 'TestOp', op: '&&' }, { type: 'TestOp', op: '(' }, lit('a'), { type: 'TestOp', op: '<' }, lit('b'),
      { type: 'TestOp', op: ')' },
    ] });
    expect(isComplete('[[ -f x')).toBe(false);
  });

  it('keeps reserved words as arguments outside command position', () => {
    expect(shape(parse('echo if then fi'))).toEqual({ type: 'File', stmts: [call('echo', 'if', 'then', 'fi')] });
  });

  it('records line numbers and background', () => {
    const f = parse('a\n\nb &');
    expect(f.stmts.map((s) => s.line)).toEqual([1, 3]);
    expect(f.stmts[1].background).toBe(true);
  });
});

describe('parse: syntax errors', () => {
  const cases: [string, string, boolean][] = [
    ['echo a; fi', "syntax error near unexpected token `fi'", false],
    ['echo )', "syntax error near unexpected token `)'", false],
    ['| a', "syntax error near unexpected token `|'", false],
    ['a && && b', "syntax error near unexpected token `&&'", false],
    ['echo >', "syntax error near unexpected token `newline'", false],
    ['if then fi', "syntax error near unexpected token `then'", false],
    ['{ }', "syntax error near unexpected token `}'", false],
    ['case x in a) b;; c', "syntax error: unexpected end of file", true],
    ['a;;', "syntax error near unexpected token `;;'", false],
    ['if a; then b', 'syntax error: unexpected end of file', true],
    ["echo 'x", "unexpected EOF while looking for matching `''", true],
    ['echo "x', 'unexpected EOF while looking for matching `"\'', true],
    ['echo $(a', "unexpected EOF while looking for matching `)'", true],
    ['echo ${x', "unexpected EOF while looking for matching `}'", true],
  ];
  it.each(cases)('%j', (src, message, incomplete) => {
    let err: unknown;
    try {
      parse(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShellSyntaxError);
    expect((err as ShellSyntaxError).message).toBe(message);
    expect((err as ShellSyntaxError).incomplete).toBe(incomplete);
  });

  it('reports the line', () => {
    try {
      parse('echo a\necho b\nfi');
      expect.unreachable();
    } catch (e) {
      expect((e as ShellSyntaxError).line).toBe(3);
    }
  });
});

describe('isComplete', () => {
  const rows: [string, boolean][] = [
    ['echo hi', true],
    ['', true],
    ['echo "open', false],
    ["echo 'open", false],
    ['echo "done\nnow"', true],
    ['echo \\', false],
    ['echo \\\nmore', true],
    ['if true; then', false],
    ['if true; then echo; fi', true],
    ['for i in a; do', false],
    ['while true', false],
    ['case x in', false],
    ['{ echo', false],
    ['(echo', false],
    ['f() {', false],
    ['a |', false],
    ['a &&', false],
    ['cat <<EOF', false],
    ['cat <<EOF\nbody', false],
    ['cat <<EOF\nbody\nEOF', true],
    ["cat <<'EOF'\n$x\nEOF\n", true],
    ['echo $(ls', false],
    ['echo `ls', false],
    ['echo )', true],
    ['fi', true],
    ['# comment \\', true],
  ];
  it.each(rows)('%j -> %s', (src, complete) => {
    expect(isComplete(src)).toBe(complete);
  });
});

describe('quote', () => {
  it.each([
    ['abc', 'abc', 'abc'],
    ['', "''", "''"],
    ['a b', "'a b'", 'a\\ b'],
    ["it's", "'it'\\''s'", "it\\'s"],
    ['a\nb', "$'a\\nb'", "$'a\\nb'"],
    ['$x', "'$x'", '\\$x'],
  ])('%j', (s, single, backslash) => {
    expect(quote(s)).toBe(single);
    expect(quoteBackslash(s)).toBe(backslash);
  });
});
