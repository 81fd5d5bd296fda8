/**
 * Readline for the terminal as a pure function: (state, keystrokes) -> new state,
 * what to echo, and what happened (a line submitted, Ctrl-C, Ctrl-D, Ctrl-L).
 * No xterm here, so it is tested in Node.
 */
export interface LineState {
  text: string;
  cursor: number;
  /** Position while browsing history with up/down; null when editing a new line. */
  historyIndex: number | null;
  /** The unfinished line kept aside while browsing history. */
  draft: string;
}

export type EditorEvent = { type: 'submit'; line: string } | { type: 'interrupt' } | { type: 'eof' } | { type: 'clear' } | { type: 'complete' };

export const emptyLine = (): LineState => ({ text: '', cursor: 0, historyIndex: null, draft: '' });

const WORD_LEFT = /\S+\s*$/;

/** Apply terminal input (one keystroke or a paste) to the line. */
export function applyInput(state: LineState, data: string, history: readonly string[]): { state: LineState; events: EditorEvent[] } {
  let s = { ...state };
  const events: EditorEvent[] = [];
  const set = (text: string, cursor: number) => {
    s = { ...s, text, cursor };
  };
  let i = 0;
  while (i < data.length) {
    const rest = data.slice(i);
    // Terminal escape sequences are control characters by definition.
    // eslint-disable-next-line no-control-regex
    const esc = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(rest);
    if (esc) {
      i += esc[0].length;
      switch (esc[1]) {
        case '[D': case 'OD': set(s.text, Math.max(0, s.cursor - 1)); break;
        case '[C': case 'OC': set(s.text, Math.min(s.text.length, s.cursor + 1)); break;
        case '[H': case 'OH': case '[1~': set(s.text, 0); break;
        case '[F': case 'OF': case '[4~': set(s.text, s.text.length); break;
        case '[3~': set(s.text.slice(0, s.cursor) + s.text.slice(s.cursor + 1), s.cursor); break;
        case '[A': case 'OA': {
          if (history.length === 0) break;
          const idx = s.historyIndex === null ? history.length - 1 : Math.max(0, s.historyIndex - 1);
          const draft = s.historyIndex === null ? s.text : s.draft;
          s = { text: history[idx], cursor: history[idx].length, historyIndex: idx, draft };
          break;
        }
        case '[B': case 'OB': {
          if (s.historyIndex === null) break;
          const idx = s.historyIndex + 1;
          s = idx >= history.length ? { text: s.draft, cursor: s.draft.length, historyIndex: null, draft: '' } : { ...s, text: history[idx], cursor: history[idx].length, historyIndex: idx };
          break;
        }
      }
      continue;
    }
    const ch = data[i++];
    switch (ch) {
      case '\r': case '\n':
        if (ch === '\n' && data[i - 2] === '\r') break; // CRLF in a paste: one line break
        events.push({ type: 'submit', line: s.text });
        s = emptyLine();
        break;
      case '\x7f': case '\b':
        if (s.cursor > 0) set(s.text.slice(0, s.cursor - 1) + s.text.slice(s.cursor), s.cursor - 1);
        break;
      case '\x01': set(s.text, 0); break; // Ctrl-A
      case '\x05': set(s.text, s.text.length); break; // Ctrl-E
      case '\x15': set(s.text.slice(s.cursor), 0); break; // Ctrl-U
      case '\x0b': set(s.text.slice(0, s.cursor), s.cursor); break; // Ctrl-K
      case '\x17': { // Ctrl-W
        const before = s.text.slice(0, s.cursor).replace(WORD_LEFT, '');
        set(before + s.text.slice(s.cursor), before.length);
        break;
      }
      case '\x03': events.push({ type: 'interrupt' }); s = emptyLine(); break;
      case '\x04': if (s.text === '') events.push({ type: 'eof' }); else set(s.text.slice(0, s.cursor) + s.text.slice(s.cursor + 1), s.cursor); break;
      case '\x0c': events.push({ type: 'clear' }); break;
      case '\t': events.push({ type: 'complete' }); break;
      default:
        if (ch >= ' ' || ch > '\x7f') set(s.text.slice(0, s.cursor) + ch + s.text.slice(s.cursor), s.cursor + 1);
    }
  }
  return { state: s, events };
}

/**
 * Redraw the prompt and line, which may wrap over several rows, and put the cursor
 * in place. `fromRow` is the row (within the line) the cursor is on now; the
 * result says which row it is on afterwards, for the next redraw.
 */
export function renderLine(prompt: string, s: LineState, cols = Number.MAX_SAFE_INTEGER, fromRow = 0): string {
  return redraw(prompt, s, cols, fromRow).text;
}

export function redraw(prompt: string, s: LineState, cols: number, fromRow: number): { text: string; row: number } {
  const total = prompt.length + s.text.length;
  const at = prompt.length + s.cursor;
  let out = (fromRow > 0 ? `\x1b[${fromRow}A` : '') + '\r\x1b[J' + prompt + s.text;
  // At an exact multiple of the width the terminal waits to wrap: make it wrap now.
  if (total > 0 && total % cols === 0) out += ' \r\x1b[K';
  const endRow = Math.floor(total / cols);
  const row = Math.floor(at / cols);
  const col = at % cols;
  if (endRow > row) out += `\x1b[${endRow - row}A`;
  out += '\r' + (col > 0 ? `\x1b[${col}C` : '');
  return { text: out, row };
}
