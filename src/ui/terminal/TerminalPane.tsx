import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import type { Session } from '../../shell/session';
import { applyInput, emptyLine, redraw as redrawLine, type LineState } from './lineEditor';

/**
 * The terminal: xterm for display, our line editor for input, the session for
 * everything else. Lines pasted or typed while a command runs are queued and run
 * in order; Ctrl-C interrupts the running command or clears the line.
 */
export function TerminalPane({ session }: { session: Session }) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      convertEol: true,
      cursorBlink: true,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace',
      fontSize: 14,
      scrollback: 5000,
      theme: { background: '#101418', foreground: '#e6e9ee' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    fit.fit();
    const onResize = () => fit.fit();
    window.addEventListener('resize', onResize);

    let line: LineState = emptyLine();
    let busy = false;
    const queue: string[] = [];
    // Which row of a wrapped input line the cursor is on, for the next redraw.
    let row = 0;
    const draw = (state: LineState) => {
      const r = redrawLine(session.prompt(), state, term.cols, row);
      row = r.row;
      term.write(r.text);
    };
    const redraw = () => draw(line);
    /** Leave the input line: move below it so output starts on a fresh row. */
    const finishLine = (state: LineState) => {
      draw({ ...state, cursor: state.text.length });
      row = 0;
      term.write('\r\n');
    };

    session.attach({ write: (t) => term.write(t), clear: () => term.clear() });

    const pump = async () => {
      if (busy) return;
      busy = true;
      while (queue.length > 0) {
        const next = queue.shift()!;
        finishLine({ ...emptyLine(), text: next, cursor: next.length });
        try {
          await session.submit(next);
        } catch (e) {
          term.write(`layerlab: internal error: ${(e as Error).message}\r\n`);
        }
      }
      busy = false;
      redraw();
    };

    const sub = term.onData((data) => {
      if (busy && data === '\x03') {
        term.write('^C');
        queue.length = 0;
        session.interrupt();
        return;
      }
      const r = applyInput(line, data, session.history());
      line = r.state;
      for (const ev of r.events) {
        if (ev.type === 'submit') queue.push(ev.line);
        else if (ev.type === 'interrupt') {
          finishLine({ ...line, text: line.text + '^C' });
          line = emptyLine();
        } else if (ev.type === 'clear') term.clear();
        else if (ev.type === 'eof') {
          if (session.depth > 1) queue.push('exit');
        } else if (ev.type === 'complete') {
          const c = session.complete(line.text.slice(0, line.cursor));
          if (c.insert) line = { ...line, text: line.text.slice(0, line.cursor) + c.insert + line.text.slice(line.cursor), cursor: line.cursor + c.insert.length };
          else if (c.options.length > 1) {
            finishLine(line);
            term.write(c.options.join('  ') + '\r\n');
          }
        }
      }
      if (queue.length > 0) void pump();
      else if (!busy) redraw();
    });

    redraw();
    term.focus();
    return () => {
      sub.dispose();
      window.removeEventListener('resize', onResize);
      session.detach();
      term.dispose();
    };
  }, [session]);

  return <div className="terminal" data-testid="terminal" ref={host} />;
}
