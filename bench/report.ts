/** Shared helpers: time a function and print a figure with its same-run baseline ratio. */
export function time(fn: () => void, repeats: number): number {
  fn(); // warm-up: JIT and caches, not measured
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0));
  }
  return best; // nanoseconds
}

export async function timeAsync(fn: () => Promise<void>, repeats: number): Promise<number> {
  await fn();
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best; // milliseconds
}

export function report(what: string, value: string, ratio: number, baseline: string, goal: string): void {
  console.log(`${what.padEnd(58)} ${value.padStart(14)}   ${ratio.toFixed(2)}× ${baseline}${goal ? `   (${goal})` : ''}`);
}
