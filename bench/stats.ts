/** Small timing helpers: medians over interleaved runs hold up on a noisy 2-core machine. */

/** One printed row of `npm run bench`. */
export interface Row {
  figure: string;
  value: string;
  goal: string;
  /** null: reported against its floor, no goal. */
  met: boolean | null;
  detail: Record<string, number | string>;
}

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The first and third quartiles (the middle half of the samples lies between them). */
export function quartiles(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (pos - lo);
  };
  return [at(0.25), at(0.75)];
}

export async function timeOnce(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = now();
  await fn();
  return now() - start;
}

/** Runs a and b alternately `rounds` times so both see the same machine state; returns their samples in ms. */
export async function interleave(
  rounds: number,
  a: () => Promise<unknown> | unknown,
  b: () => Promise<unknown> | unknown,
): Promise<{ a: number[]; b: number[] }> {
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      out.a.push(await timeOnce(a));
      out.b.push(await timeOnce(b));
    } else {
      out.b.push(await timeOnce(b));
      out.a.push(await timeOnce(a));
    }
  }
  return out;
}
