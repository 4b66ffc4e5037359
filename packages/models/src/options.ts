import { InvalidModelOptionError } from './errors.js';

/** Activations a hidden layer may use; the codelab compares `'sigmoid'` with `'relu'`. */
export const HIDDEN_ACTIVATIONS = [
  'relu',
  'sigmoid',
  'tanh',
  'elu',
  'selu',
  'relu6',
  'softplus',
  'linear',
] as const;

/** An activation accepted by the hidden layers of stages 2–5. */
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];

/** Options every stage factory accepts. */
export interface CommonModelOptions {
  /** Initial learning rate; replaces the recipe's (and the start of its schedule). */
  learningRate?: number;
  /** Seed for weight initialisation and dropout masks, for repeatable experiments. */
  seed?: number;
}

/** Throws unless `options` is undefined or a plain object holding only `allowed` keys. */
export function checkOptionKeys(options: unknown, allowed: readonly string[], factory: string): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidModelOptionError('options', options, `an object of options for ${factory}, or nothing`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new InvalidModelOptionError(key, (options as Record<string, unknown>)[key], `no such option: ${factory} accepts ${allowed.join(', ')}`);
    }
  }
}

/** A finite number in `(min, max)` or `[min, max]`, or the default when undefined. */
export function numberOption(
  name: string,
  value: unknown,
  fallback: number,
  range: { min: number; max: number; minInclusive?: boolean; maxInclusive?: boolean },
): number {
  if (value === undefined) return fallback;
  const { min, max, minInclusive = false, maxInclusive = false } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minInclusive ? value >= min : value > min) &&
    (maxInclusive ? value <= max : value < max);
  if (!ok) {
    const interval = `${minInclusive ? '[' : '('}${min}, ${max}${maxInclusive ? ']' : ')'}`;
    throw new InvalidModelOptionError(name, value, `a number in ${interval}`);
  }
  return value;
}

/** A positive learning rate below 10 (anything larger diverges on MNIST). */
export function learningRateOption(value: unknown, fallback: number): number {
  return numberOption('learningRate', value, fallback, { min: 0, max: 10 });
}

/** A dropout rate: the fraction of units dropped, in [0, 1). */
export function dropoutOption(name: string, value: unknown, fallback: number): number {
  return numberOption(name, value, fallback, { min: 0, max: 1, minInclusive: true });
}

/** An exponential decay factor per epoch, in (0, 1]. */
export function decayRateOption(value: unknown, fallback: number): number {
  return numberOption('decayRate', value, fallback, { min: 0, max: 1, maxInclusive: true });
}

/** An integer seed, or undefined for unseeded (random) initialisation. */
export function seedOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidModelOptionError('seed', value, 'a non-negative integer');
  }
  return value;
}

/** A positive integer no larger than `max`. */
export function positiveIntegerOption(name: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidModelOptionError(name, value, `a whole number from 1 to ${max}`);
  }
  return value;
}

/** A non-empty list of positive integers (layer widths, filter counts, kernel sizes). */
export function integerListOption(
  name: string,
  value: unknown,
  fallback: readonly number[],
  limits: { max: number; length?: number },
): number[] {
  if (value === undefined) return [...fallback];
  const lengthText = limits.length === undefined ? 'a non-empty list' : `a list of ${limits.length}`;
  if (!Array.isArray(value) || value.length === 0 || (limits.length !== undefined && value.length !== limits.length)) {
    throw new InvalidModelOptionError(name, value, `${lengthText} of whole numbers from 1 to ${limits.max}`);
  }
  return value.map((item, i) => positiveIntegerOption(`${name}[${i}]`, item, limits.max));
}

/** One of {@link HIDDEN_ACTIVATIONS}. */
export function activationOption(value: unknown, fallback: HiddenActivation): HiddenActivation {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(HIDDEN_ACTIVATIONS as readonly string[]).includes(value)) {
    throw new InvalidModelOptionError('activation', value, `one of ${HIDDEN_ACTIVATIONS.map((a) => `'${a}'`).join(', ')}`);
  }
  return value as HiddenActivation;
}
