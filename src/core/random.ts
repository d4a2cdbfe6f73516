/**
 * Seeded randomness for searchers and samplers.
 *
 * xoshiro128** on 32-bit integer arithmetic (Math.imul and unsigned shifts), so
 * a seed gives the same numbers on every platform and Node version. The state is
 * filled from the seed's text through cyrb128 and splitmix32, so nearby seeds
 * (1, 2, 3...) give unrelated streams.
 *
 * `fork(label)` derives a child stream from the seed and the label only, never
 * from how many numbers were drawn: the searcher's stream does not shift when
 * some other part of the engine draws from its own fork.
 */

const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_53 = 2 ** 53;

export class Random {
  private readonly s = new Uint32Array(4);
  private spareNormal: number | undefined;

  private constructor(private readonly identity: string) {
    const [a, b, c, d] = cyrb128(identity);
    let x = (a ^ b ^ c ^ d) >>> 0;
    const words = [a, b, c, d];
    for (let i = 0; i < 4; i++) {
      x = splitmix32(x ^ (words[i] as number));
      this.s[i] = x;
    }
    // xoshiro must not start from the all-zero state.
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 0x9e3779b9;
  }

  /** A stream for a study seed; integers, other numbers and strings are all accepted. */
  static fromSeed(seed: number | string): Random {
    if (typeof seed === 'number' && !Number.isFinite(seed)) throw new RangeError(`a seed must be a finite number, not ${seed}`);
    return new Random(`seed:${typeof seed === 'number' ? String(seed) : `"${seed}"`}`);
  }

  /** An independent stream named `label`, the same however much this one has drawn. */
  fork(label: string): Random {
    return new Random(`${this.identity}/${label}`);
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1] as number, 5), 7), 9) >>> 0;
    const t = (s[1] as number) << 9;
    s[2] = (s[2] as number) ^ (s[0] as number);
    s[3] = (s[3] as number) ^ (s[1] as number);
    s[1] = (s[1] as number) ^ (s[2] as number);
    s[0] = (s[0] as number) ^ (s[3] as number);
    s[2] = (s[2] as number) ^ t;
    s[3] = rotl(s[3] as number, 11);
    return result;
  }

  /** A float in [0, 1) with all 53 bits of mantissa random. */
  float(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 0x400_0000 + lo) / TWO_POW_53;
  }

  /** An integer in [lo, hi], both inclusive. Exactly uniform for spans up to 2^32. */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) {
      throw new RangeError(`int(lo, hi) needs safe integers with lo <= hi, got ${lo} and ${hi}`);
    }
    const span = hi - lo + 1;
    if (span <= TWO_POW_32) {
      // Rejection sampling removes the modulo bias.
      const limit = TWO_POW_32 - (TWO_POW_32 % span);
      let x = this.uint32();
      while (x >= limit) x = this.uint32();
      return lo + (x % span);
    }
    return lo + Math.floor(this.float() * span);
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs at least one item');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A uniformly shuffled copy (Fisher–Yates); the input is left as it was. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** A normal deviate (Box–Muller); the second value of each pair is kept for the next call. */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + sd * z;
    }
    // 1 - float() lies in (0, 1], so the logarithm is finite.
    const r = Math.sqrt(-2 * Math.log(1 - this.float()));
    const theta = 2 * Math.PI * this.float();
    this.spareNormal = r * Math.sin(theta);
    return mean + sd * r * Math.cos(theta);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function splitmix32(seed: number): number {
  let z = (seed + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** cyrb128: a fast 128-bit string hash, used only to turn seed text into state. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
