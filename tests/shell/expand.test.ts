import { describe, expect, it } from 'vitest';
import {
  evalArith, matchPattern, stripPattern, replacePattern, globPaths, Expander, ExpandError, type ExpandHost,
} from '../../src/shell/expand';
import { parse, type Word } from '../../src/shell/syntax';

function vars(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { m, get: (n: string) => m.get(n), set: (n: string, v: string) => { m.set(n, v); } };
}

describe('evalArith', () => {
  it.each([
    ['1 + 2 * 3', 7n], ['(1 + 2) * 3', 9n], ['-7 / 2', -3n], ['-7 % 3', -1n], ['2 ** 3 ** 2', 512n],
    ['1 < 2 && 2 < 3', 1n], ['0 || 0', 0n], ['!5', 0n], ['~0', -1n], ['5 & 3 | 8 ^ 1', 9n],
    ['1 ? 2 : 3', 2n], ['0 ? 2 : 0 ? 3 : 4', 4n], ['0x1f + 010 + 2#11', 42n], ['1 << 4 >> 2', 4n],
    ['', 0n], ['  ', 0n], ['1, 2, 3', 3n],
  ])('%s = %s', (expr, want) => {
    expect(evalArith(expr, vars())).toBe(want);
  });

  it('reads, assigns and increments variables', () => {
    const v = vars({ a: '5', b: 'a * 2', e: '' });
    expect(evalArith('b + e + unset', v)).toBe(10n);
    expect(evalArith('c = a++ + ++a', v)).toBe(12n);
    expect(v.m.get('a')).toBe('7');
    expect(v.m.get('c')).toBe('12');
    expect(evalArith('a -= 2, a *= 3', v)).toBe(15n);
  });

  it('does not run the side effects of a skipped branch', () => {
    const v = vars({ x: '0' });
    evalArith('0 && x++', v);
    evalArith('1 || x++', v);
    evalArith('1 ? 1 : x++', v);
    expect(v.m.get('x')).toBe('0');
  });

  it.each([
    ['1 / 0', '1 / 0: division by 0 (error token is "0")'],
    ['1 +', '1 +: syntax error: operand expected (error token is "+")'],
    ['(1', "(1: missing `)' (error token is \"\")"],
    ['1 2', '1 2: syntax error in expression (error token is "2")'],
    ['09', '09: value too great for base (error token is "09")'],
  ])('%s fails', (expr, message) => {
    expect(() => evalArith(expr, vars())).toThrow(new ExpandError(message));
  });
});

describe('patterns', () => {
  it.each([
    ['*.txt', 'a.txt', true], ['*.txt', 'a.log', false], ['?', 'ab', false], ['a?c', 'abc', true],
    ['[abc]x', 'bx', true], ['[!abc]x', 'bx', false], ['[^a]', 'b', true], ['[a-c]', 'd', false],
    ['[[:digit:]]*', '7up', true], ['\\*', '*', true], ['\\*', 'x', false], ['[]]', ']', true],
    ['a.b', 'axb', false], ['(x)', '(x)', true], ['[', '[', true], ['*', '', true],
  ])('%s ~ %s = %s', (pat, s, want) => {
    expect(matchPattern(pat, s)).toBe(want);
  });

  it('strips and replaces', () => {
    expect(stripPattern('a/b/c', '*/', '#')).toBe('b/c');
    expect(stripPattern('a/b/c', '*/', '##')).toBe('c');
    expect(stripPattern('x.tar.gz', '.*', '%')).toBe('x.tar');
    expect(stripPattern('x.tar.gz', '.*', '%%')).toBe('x');
    expect(stripPattern('abc', 'z', '#')).toBe('abc');
    expect(replacePattern('aaa', 'a', 'b', false)).toBe('baa');
    expect(replacePattern('aaa', 'a', 'b', true)).toBe('bbb');
    expect(replacePattern('abc', '#a', 'X', false)).toBe('Xbc');
    expect(replacePattern('abc', '%c', 'X', false)).toBe('abX');
    expect(replacePattern('abc', 'b*', '', false)).toBe('a');
  });
});

describe('globPaths', () => {
  const tree: Record<string, string[]> = {
    '/': ['a', 'b.txt', '.dot'], '/a': ['x.txt', 'y.md', 'sub'], '/a/sub': ['z.txt'],
  };
  const readdir = async (d: string) => tree[d] ?? null;

  it.each([
    ['/*', ['/a', '/b.txt']],
    ['*.txt', ['b.txt']],
    ['.*', ['.dot']],
    ['a/*.txt', ['a/x.txt']],
    ['/a/*/z.txt', ['/a/sub/z.txt']],
    ['*/', ['a/']],
    ['/a/sub/nope*', []],
    ['nodir/*', []],
    ['a/[xy].*', ['a/x.txt', 'a/y.md']],
  ])('%s', async (pat, want) => {
    expect(await globPaths(pat, '/', readdir)).toEqual(want);
  });
});

describe('Expander', () => {
  function host(extra: Partial<ExpandHost> = {}): ExpandHost {
    const v = new Map<string, string>([['HOME', '/home/u'], ['sp', 'a  b'], ['empty', '']]);
    return {
      lookup: (n) => v.get(n),
      positional: () => ['p 1', 'p2'],
      assign: (n, x) => { v.set(n, x); },
      commandSubst: async () => 'out\n\n',
      readdir: async () => null,
      cwd: () => '/',
      ...extra,
    };
  }
  const words = (src: string): Word[] => (parse(src).stmts[0].cmd as { args: Word[] }).args;

  it.each([
    ['$sp', ['a', 'b']],
    ['"$sp"', ['a  b']],
    ['$empty', []],
    ['"$empty"', ['']],
    ['x$empty', ['x']],
    ['"$@"', ['p 1', 'p2']],
    ['"<$@>"', ['<p 1', 'p2>']],
    ['$@', ['p', '1', 'p2']],
    ['"$*"', ['p 1 p2']],
    ['~/x', ['/home/u/x']],
    ['$(cmd)', ['out']],
    ['pre$(cmd)post', ['preoutpost']],
    ['${nope:-"d  e"}', ['d  e']],
    ['${nope:-d  e}', ['d', 'e']],
  ])('%s', async (src, want) => {
    expect(await new Expander(host()).fields(words('x ' + src).slice(1))).toEqual(want);
  });

  it('splits on a custom IFS', async () => {
    const h = host({ lookup: (n) => ({ IFS: ':', v: 'a::b:' } as Record<string, string>)[n] });
    expect(await new Expander(h).fields(words('x $v').slice(1))).toEqual(['a', '', 'b']);
  });

  it('quoted pattern characters stay literal in patterns', async () => {
    const ex = new Expander(host({ lookup: (n) => (n === 'p' ? '*' : undefined) }));
    expect(await ex.pattern(words('x $p"*"\\?')[1])).toBe('*\\*\\?');
  });
});
