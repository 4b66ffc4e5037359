/** The loss became NaN or ±Infinity; training was stopped. */
export class NonFiniteLossError extends Error {
  override name = 'NonFiniteLossError';
  constructor(
    readonly loss: number,
    readonly epoch: number,
    readonly batch: number,
    readonly iteration: number,
    readonly learningRate: number | undefined,
  ) {
    const lr = learningRate === undefined ? '' : ` (learning rate now ${learningRate})`;
    super(
      `Training loss became ${loss} at epoch ${epoch}, batch ${batch} (iteration ${iteration}). ` +
        'Likely causes: a hand-written cross-entropy taking log(0) — use tf.losses.softmaxCrossEntropy on logits ' +
        "or compile with loss: 'categoricalCrossentropy', which clip; or a learning rate that is too high" +
        `${lr} — try 10× lower. NaN in the input data also does this.`,
    );
  }
}

/**
 * Some weights became NaN or ±Infinity; training was stopped. The loss alone can miss this: categorical
 * cross-entropy clips probabilities, so it stays finite while the weights are ruined.
 *
 * @example
 * try { await model.fit(xs, ys, { epochs: 5, callbacks: [nanGuard()] }); }
 * catch (e) { if (e instanceof NonFiniteWeightsError) console.error(e.weight, e.count); }
 */
export class NonFiniteWeightsError extends Error {
  override name = 'NonFiniteWeightsError';
  constructor(
    /** The epoch (0-based) at whose end the weights were checked. */
    readonly epoch: number,
    /** The first weight holding NaN/±Infinity, e.g. `dense_Dense1/kernel`. */
    readonly weight: string,
    /** How many of its values are NaN/±Infinity. */
    readonly count: number,
    /** How many values it has. */
    readonly size: number,
    readonly learningRate: number | undefined,
  ) {
    const lr = learningRate === undefined ? '' : ` (learning rate now ${learningRate})`;
    super(
      `After epoch ${epoch}, ${count} of the ${size} values of weight ${weight} are NaN or ±Infinity, so the model is ` +
        `ruined even if the loss still looks finite. Likely cause: a learning rate that is too high${lr} — try 10× lower; ` +
        'NaN in the input data also does this. Restart from the last good checkpoint.',
    );
  }
}

/** An option passed to one of the callbacks is missing or out of range. */
export class InvalidCallbackOptionError extends Error {
  override name = 'InvalidCallbackOptionError';
  constructor(callback: string, option: string, value: unknown, expected: string, fix?: string) {
    super(`${callback}: ${option} is ${formatValue(value)}, but it must be ${expected}.${fix ? ` ${fix}` : ''}`);
  }
}

/** A learning-rate schedule was given impossible parameters or produced an impossible rate. */
export class InvalidScheduleError extends Error {
  override name = 'InvalidScheduleError';
  constructor(schedule: string, problem: string, fix: string) {
    super(`${schedule}: ${problem}. ${fix}`);
  }
}

/** The callback needs the model (or its optimizer) but was given none. */
export class MissingModelError extends Error {
  override name = 'MissingModelError';
  constructor(callback: string, needs: string) {
    super(
      `${callback} needs ${needs} but has none. In model.fit/fitDataset a list that starts with a plain ` +
        '{ onEpochEnd } object hides the model from it: build the list with fitCallbacks(...); in a custom loop pass ' +
        `{ model } (or { optimizer }) when creating it or to callbackRunner.`,
    );
  }
}

/** The quantity a callback should watch is not in the logs. */
export class MissingMetricError extends Error {
  override name = 'MissingMetricError';
  constructor(callback: string, metric: string, available: string[]) {
    super(
      `${callback}: '${metric}' is not in the epoch logs (found: ${available.join(', ') || 'nothing'}). ` +
        (metric.startsWith('val_')
          ? `Pass validationData (or validationSplit) to model.fit, or monitor '${metric.slice(4)}'.`
          : 'Compile the model with that metric, or monitor one of the names found.'),
    );
  }
}

/** The optimizer has neither `setLearningRate` nor a `learningRate` field. */
export class UnsupportedOptimizerError extends Error {
  override name = 'UnsupportedOptimizerError';
  constructor(optimizer: unknown) {
    const name = (optimizer as { constructor?: { name?: string } })?.constructor?.name ?? typeof optimizer;
    super(
      `Cannot set the learning rate of ${name}: it has neither setLearningRate() nor a numeric learningRate field. ` +
        'Use a tfjs optimizer (tf.train.sgd, momentum, adam, adamax, adagrad, adadelta, rmsprop).',
    );
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (value !== null && typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return String(value);
}
