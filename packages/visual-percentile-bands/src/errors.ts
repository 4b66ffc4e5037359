/** `buckets` was not a whole number ≥ 1. */
export class InvalidBucketCountError extends Error {
  override name = 'InvalidBucketCountError';
  constructor(
    readonly buckets: unknown,
    /** The function that was given the bucket count. */
    where = 'percentileBands',
  ) {
    super(
      `${where}: buckets must be a whole number ≥ 1, got ${describeValue(buckets)}. ` +
        'Pass 7 (the codelab picture) or leave it out to get the default.',
    );
  }
}

/** There was nothing to bucket: the input was empty, or every value was NaN/±Infinity and they were ignored. */
export class EmptyValuesError extends Error {
  override name = 'EmptyValuesError';
  constructor(
    readonly length: number,
    readonly nonFinite: number,
  ) {
    super(
      length === 0
        ? 'percentileBands: values is empty, so there is nothing to split into bands. ' +
            'Pass at least one number (e.g. the flattened weights of a layer).'
        : `percentileBands: all ${length} values are NaN or ±Infinity and were ignored, so no bands can be drawn. ` +
            'Training has probably diverged: lower the learning rate or use a numerically stable loss.',
    );
  }
}

/** A NaN or ±Infinity was found while `nonFinite: 'throw'` (the default). */
export class NonFiniteValueError extends Error {
  override name = 'NonFiniteValueError';
  constructor(
    readonly index: number,
    readonly value: number,
    readonly nonFinite: number,
    readonly length: number,
  ) {
    super(
      `percentileBands: values[${index}] is ${value} (${nonFinite} of ${length} values are NaN or ±Infinity). ` +
        "Pass { nonFinite: 'ignore' } to band only the finite values, or fix the source of the NaNs " +
        '(in training this usually means the learning rate is too high or the loss takes log(0)).',
    );
  }
}

/**
 * An argument or option that is not of the kind the function takes (a negative count, an unknown policy,
 * a chart width that is not a positive number). `argument` names it as the caller wrote it.
 *
 * @example
 * try { percentileBucketSizes(-5, 7); }
 * catch (e) { if (e instanceof InvalidBandsArgumentError) console.error(e.message); }
 */
export class InvalidBandsArgumentError extends Error {
  override name = 'InvalidBandsArgumentError';
  constructor(
    /** Where the value went, e.g. `percentileBucketSizes: n` or `renderCurvesSvg: options.width`. */
    readonly argument: string,
    /** The value that was passed. */
    readonly value: unknown,
    expected: string,
    fix: string,
  ) {
    super(`${argument} must be ${expected}, got ${describeValue(value)}. ${fix}`);
  }
}

/** A short, readable rendering of any value for an error message (strings quoted, objects named). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.slice(0, 4).map((v) => describeValue(v)).join(', ')}${value.length > 4 ? ', …' : ''}]`;
  return `an object (${value.constructor?.name ?? 'Object'})`;
}
