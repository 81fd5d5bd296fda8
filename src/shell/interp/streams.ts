/**
 * Stream implementations: pipes between concurrent pipeline stages, inputs
 * over strings, outputs into buffers. Text is UTF-8 throughout.
 */
import type { InputStream, OutputStream } from './handlers';

export const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

export function bytesToString(data: Uint8Array): string {
  return decoder.decode(data);
}

export function concatBytes(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

/**
 * An input over a pull function; supplies `unread`, `readAll` and `close`
 * so sources only say how to get the next chunk.
 */
export class PullInput implements InputStream {
  private back: Uint8Array[] = [];
  private closed = false;
  constructor(private readonly pull: () => Promise<Uint8Array | null>, private readonly onClose?: () => void) {}

  async read(): Promise<Uint8Array | null> {
    if (this.back.length) return this.back.pop()!;
    if (this.closed) return null;
    return this.pull();
  }

  async readAll(): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    for (let c = await this.read(); c; c = await this.read()) chunks.push(c);
    return concatBytes(chunks);
  }

  unread(chunk: Uint8Array): void {
    if (chunk.length) this.back.push(chunk);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.back = [];
    this.onClose?.();
  }
}

export function stringInput(text: string | Uint8Array): InputStream {
  let data: Uint8Array | null = toBytes(text);
  return new PullInput(async () => {
    const d = data;
    data = null;
    return d && d.length ? d : null;
  });
}

export function emptyInput(): InputStream {
  return new PullInput(async () => null);
}

/** Discards everything: `/dev/null`, and a closed descriptor. */
export const nullOutput: OutputStream = { write() {}, drain: async () => {} };

/** Collects output, for command substitution and tests. */
export class BufferOutput implements OutputStream {
  private chunks: Uint8Array[] = [];
  write(data: string | Uint8Array): void {
    const b = toBytes(data);
    if (b.length) this.chunks.push(b);
  }
  async drain(): Promise<void> {}
  bytes(): Uint8Array {
    const all = concatBytes(this.chunks);
    this.chunks = all.length ? [all] : [];
    return all;
  }
  text(): string {
    return bytesToString(this.bytes());
  }
}

export interface PipeWriter extends OutputStream {
  /** End of data for the reader. */
  close(): void;
  /** The reader closed: writes are dropped. */
  readonly broken: boolean;
}

const HIGH_WATER = 64 * 1024;

/**
 * A pipe between two concurrent stages. Writes queue without blocking; drain()
 * waits while the queue is over the high-water mark. When the reader closes,
 * `onBroken` fires so the runner can abort the writer (SIGPIPE).
 */
export function createPipe(onBroken?: () => void): { reader: InputStream; writer: PipeWriter } {
  const queue: Uint8Array[] = [];
  let queued = 0;
  let writerClosed = false;
  let readerClosed = false;
  let wakeReader: (() => void) | null = null;
  let drainWaiters: (() => void)[] = [];
  const releaseDrain = () => {
    const w = drainWaiters;
    drainWaiters = [];
    for (const f of w) f();
  };
  const wake = () => {
    const w = wakeReader;
    wakeReader = null;
    w?.();
  };
  const writer: PipeWriter = {
    write(data) {
      if (readerClosed || writerClosed) return;
      const b = toBytes(data);
      if (!b.length) return;
      queue.push(b);
      queued += b.length;
      wake();
    },
    drain() {
      if (readerClosed || queued < HIGH_WATER) return Promise.resolve();
      return new Promise<void>((resolve) => drainWaiters.push(resolve));
    },
    close() {
      writerClosed = true;
      wake();
    },
    get broken() {
      return readerClosed;
    },
  };
  const reader = new PullInput(async () => {
    while (queue.length === 0) {
      if (writerClosed || readerClosed) return null;
      await new Promise<void>((resolve) => { wakeReader = resolve; });
    }
    const chunk = queue.shift()!;
    queued -= chunk.length;
    if (queued < HIGH_WATER) releaseDrain();
    return chunk;
  }, () => {
    readerClosed = true;
    queue.length = 0;
    queued = 0;
    releaseDrain();
    wake();
    onBroken?.();
  });
  return { reader, writer };
}

/** Resolves with the promise, or with `onAbort()` as soon as the signal aborts. */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal, onAbort: () => T): Promise<T> {
  if (signal.aborted) return Promise.resolve(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => resolve(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    p.then(
      (v) => { signal.removeEventListener('abort', abort); resolve(v); },
      (e) => { signal.removeEventListener('abort', abort); reject(e); },
    );
  });
}

/**
 * One line from the input, ending in `\n` unless the input ended first; null
 * at end of input. The rest of the chunk is put back for the next reader.
 */
export async function readLine(input: InputStream, signal?: AbortSignal): Promise<string | null> {
  const parts: Uint8Array[] = [];
  for (;;) {
    const next = input.read();
    const chunk = signal ? await raceAbort(next, signal, () => null) : await next;
    if (!chunk) {
      if (!parts.length) return null;
      return bytesToString(concatBytes(parts));
    }
    const nl = chunk.indexOf(10);
    if (nl < 0) { parts.push(chunk); continue; }
    parts.push(chunk.subarray(0, nl));
    input.unread(chunk.subarray(nl + 1));
    return bytesToString(concatBytes(parts)) + '\n';
  }
}

/** Waits for a macrotask, so Ctrl-C events get a chance to arrive during busy loops. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
