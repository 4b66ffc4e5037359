import { InvalidBandsArgumentError } from './errors.js';

// Checks shared by the computation and the renderers: a wrong argument fails here, with its name, instead of
// surfacing as a wrapped-around Uint32 count, an empty picture or a TypeError deep inside d3.

export function checkCount(where: string, value: unknown, fix: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidBandsArgumentError(where, value, 'a whole number ≥ 0', fix);
  }
}

export function checkArrayLike(where: string, value: unknown, fix: string): asserts value is ArrayLike<unknown> {
  const length = (value as { length?: unknown } | null | undefined)?.length;
  if (typeof value !== 'object' || value === null || typeof length !== 'number') {
    throw new InvalidBandsArgumentError(where, value, 'an array (or typed array)', fix);
  }
}

export function checkOneOf<T>(where: string, value: unknown, allowed: readonly T[], fix: string): asserts value is T {
  if (!allowed.includes(value as T)) {
    const list = allowed.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(' or ');
    throw new InvalidBandsArgumentError(where, value, list, fix);
  }
}

export function checkOptionsObject(where: string, value: unknown): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidBandsArgumentError(where, value, 'an options object', 'Pass e.g. { title: "Weights" }, or leave it out.');
  }
}

/** A finite number inside [min, max] (both inclusive unless `above` says min is excluded); undefined passes. */
export function checkOptionalNumber(where: string, value: unknown, range: { min: number; max?: number; above?: boolean }, fix: string): void {
  if (value === undefined) return;
  const { min, max = Infinity, above = false } = range;
  const ok = typeof value === 'number' && Number.isFinite(value) && (above ? value > min : value >= min) && value <= max;
  if (!ok) {
    const expected = `a finite number ${above ? '>' : '≥'} ${min}${max === Infinity ? '' : ` and ≤ ${max}`}`;
    throw new InvalidBandsArgumentError(where, value, expected, fix);
  }
}

/** An axis range: two finite numbers, low < high; undefined passes. */
export function checkOptionalDomain(where: string, value: unknown): void {
  if (value === undefined) return;
  const ok = Array.isArray(value) && value.length === 2 && value.every(Number.isFinite) && value[0] < value[1];
  if (!ok) {
    throw new InvalidBandsArgumentError(where, value, '[low, high] with two finite numbers, low < high',
      'Pass e.g. [0.9, 1], or leave it out to fit the data.');
  }
}
