/** An option of `train()` or `evaluate()` is missing, of the wrong kind or out of range. */
export class TrainingOptionError extends Error {
  override name = 'TrainingOptionError';
  constructor(option: string, problem: string, fix: string) {
    super(`${option} ${problem}. ${fix}`);
  }
}

/** A weight became NaN or ±Infinity: the model is ruined, so training stopped before saving it. */
export class NonFiniteWeightsError extends Error {
  override name = 'NonFiniteWeightsError';
  constructor(
    readonly epoch: number,
    readonly weight: string,
    readonly count: number,
    readonly learningRate: number | undefined,
  ) {
    const lr = learningRate === undefined ? '' : ` (it was ${learningRate})`;
    super(
      `After epoch ${epoch + 1}, ${count.toLocaleString('en')} values of ${weight} are NaN or infinite, so training stopped ` +
        `and this epoch was not saved. The usual cause is a learning rate that is too high${lr}: try one 10× lower. ` +
        'NaN in the input data does this too.',
    );
  }
}

/** A checkpoint could not be read back: missing files, a wrong checksum, or a different run's settings. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
  constructor(where: string, problem: string, fix: string, options?: { cause?: unknown }) {
    super(`${where}: ${problem}. ${fix}`, options);
  }
}

/** The checkpoint belongs to a run with other settings (seed, data, stage) than the one asked to resume it. */
export class ResumeMismatchError extends Error {
  override name = 'ResumeMismatchError';
  constructor(where: string, setting: string, saved: unknown, asked: unknown, fix: string) {
    super(`${where} was trained with ${setting} ${String(saved)}, but ${String(asked)} was asked for. ${fix}`);
  }
}

/** The model's output is not ten class probabilities, so it cannot be scored on MNIST digits. */
export class NotADigitClassifierError extends Error {
  override name = 'NotADigitClassifierError';
  constructor(shape: readonly (number | null)[]) {
    super(
      `The model's output has shape [${shape.map((d) => (d === null ? 'null' : d)).join(', ')}], but an MNIST classifier ` +
        'ends in 10 probabilities, one per digit (shape [null, 10]). Evaluate a model that ends in dense(10, softmax).',
    );
  }
}
