import { describe, expect, it } from 'vitest';
import { applyInput, emptyLine, redraw, renderLine } from '../../src/ui/terminal/lineEditor';

const type = (keys: string[], history: string[] = []) => {
  let s = emptyLine();
  const events = [];
  for (const k of keys) {
    const r = applyInput(s, k, history);
    s = r.state;
    events.push(...r.events);
  }
  return { s, events };
};

describe('line editor', () => {
  it.each([
    [['echo hi'], 'echo hi', 7],
    [['echo hi', '\x1b[D', '\x1b[D', 'X'], 'echo Xhi', 6],
    [['abc', '\x01', '>'], '>abc', 1],
    [['abc', '\x01', '\x05', '!'], 'abc!', 4],
    [['one two three', '\x17'], 'one two ', 8],
    [['one two', '\x1b[D', '\x1b[D', '\x1b[D', '\x0b'], 'one ', 4],
    [['one two', '\x1b[D', '\x1b[D', '\x1b[D', '\x15'], 'two', 0],
    [['abc', '\x7f'], 'ab', 2],
    [['abc', '\x1b[H', '\x1b[3~'], 'bc', 0],
  ])('%j edits to %j', (keys, text, cursor) => {
    const { s } = type(keys);
    expect(s.text).toBe(text);
    expect(s.cursor).toBe(cursor);
  });

  it('walks history with up and down and keeps the draft', () => {
    const h = ['ls', 'pwd'];
    let { s } = type(['dra', '\x1b[A'], h);
    expect(s.text).toBe('pwd');
    s = applyInput(s, '\x1b[A', h).state;
    expect(s.text).toBe('ls');
    s = applyInput(s, '\x1b[B', h).state;
    s = applyInput(s, '\x1b[B', h).state;
    expect(s.text).toBe('dra');
  });

  it('submits pasted lines in order and reports control keys', () => {
    const { events, s } = type(['echo a\r\necho b\nech']);
    expect(events).toEqual([{ type: 'submit', line: 'echo a' }, { type: 'submit', line: 'echo b' }]);
    expect(s.text).toBe('ech');
    expect(type(['x\x03']).events).toEqual([{ type: 'interrupt' }]);
    expect(type(['\x04']).events).toEqual([{ type: 'eof' }]);
    expect(type(['\x0c', '\t']).events).toEqual([{ type: 'clear' }, { type: 'complete' }]);
  });

  it('redraws with the cursor in place, also when the line wraps', () => {
    const line = (text: string, cursor: number) => ({ text, cursor, historyIndex: null, draft: '' });
    expect(renderLine('$ ', line('abc', 1))).toBe('\r\x1b[J$ abc\r\x1b[3C');
    // 10 columns: "$ " + 12 chars wraps onto a second row; cursor at 5 is on row 0.
    expect(redraw('$ ', line('abcdefghijkl', 3), 10, 0)).toEqual({ text: '\r\x1b[J$ abcdefghijkl\x1b[1A\r\x1b[5C', row: 0 });
    expect(redraw('$ ', line('abcdefghijkl', 12), 10, 1)).toEqual({ text: '\x1b[1A\r\x1b[J$ abcdefghijkl\r\x1b[4C', row: 1 });
    expect(redraw('$ ', line('abcdefgh', 8), 10, 0).text).toContain(' \r\x1b[K');
  });
});
