/**
 * Thrown when a stage number is not one of the codelab's five stages.
 *
 * @example
 * ```ts
 * try { createStageModel(7 as never); } catch (e) {
 *   if (e instanceof UnknownStageError) console.log(e.validStages); // [1, 2, 3, 4, 5, 6]
 * }
 * ```
 */
export class UnknownStageError extends Error {
  override readonly name = 'UnknownStageError';
  /** The value that was passed as a stage. */
  readonly stage: unknown;
  /** The stages that exist. */
  readonly validStages: readonly number[];

  constructor(stage: unknown, validStages: readonly number[]) {
    super(
      `Unknown stage ${formatValue(stage)}: the stages are ${validStages.join(', ')} ` +
        `(1–5 the codelab's, 6 the "Deep MNIST for Experts" network). ` +
        `Pass one of those numbers (or the same number as a string, e.g. '3', or 'experts' for 6).`,
    );
    this.stage = stage;
    this.validStages = validStages;
  }
}

/**
 * Thrown when a model factory receives an option it cannot build a model from.
 * The message names the option, the value received and what is accepted.
 *
 * @example
 * ```ts
 * try { createDenseModel({ dropout: 1.5 }); } catch (e) {
 *   if (e instanceof InvalidModelOptionError) console.log(e.option); // 'dropout'
 * }
 * ```
 */
export class InvalidModelOptionError extends Error {
  override readonly name = 'InvalidModelOptionError';
  /** The option's name, e.g. `'hiddenUnits'` or `'filters[1]'`. */
  readonly option: string;
  /** The value that was rejected. */
  readonly value: unknown;

  constructor(option: string, value: unknown, expected: string) {
    super(`Invalid model option '${option}': got ${formatValue(value)}, expected ${expected}.`);
    this.option = option;
    this.value = value;
  }
}

/** Renders a value for an error message without throwing on odd inputs. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
