import { InvalidCallbackOptionError } from './errors.js';

// Every factory checks its options when it is called, so a typo ('bogus' for a mode, '100' for a count)
// fails on the line that made it instead of silently meaning the default or failing mid-training.

/** Throws unless `options` is undefined or a plain object. */
export function checkOptionsObject(callback: string, options: unknown): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidCallbackOptionError(callback, 'options', options, 'an object of options (or nothing)');
  }
}

/** `value` if it is one of `allowed`, `fallback` if undefined; otherwise throws naming the choices. */
export function oneOf<T extends string | boolean>(callback: string, option: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    const choices = allowed.map((a) => (typeof a === 'string' ? `'${a}'` : String(a)));
    throw new InvalidCallbackOptionError(callback, option, value, `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}`,
      `Leave it out for ${typeof fallback === 'string' ? `'${fallback}'` : String(fallback)}.`);
  }
  return value as T;
}

/** A whole number ≥ `min`, or `fallback` when undefined. */
export function wholeNumber(callback: string, option: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidCallbackOptionError(callback, option, value, `a whole number ≥ ${min}`);
  }
  return value;
}

/** Throws unless `value` is undefined or a function. */
export function optionalFunction(callback: string, option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new InvalidCallbackOptionError(callback, option, value, 'a function');
  }
}
