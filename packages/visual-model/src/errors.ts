/**
 * Thrown when data handed to a view does not have the size or shape the view needs. The message names
 * the input, what it was, and what to pass instead.
 *
 * @example
 * ```ts
 * try { weightTemplates(new Float32Array(10), { inputs: 784, units: 10 }); } catch (e) {
 *   if (e instanceof InvalidViewDataError) console.log(e.input); // 'kernel'
 * }
 * ```
 */
export class InvalidViewDataError extends Error {
  override readonly name = 'InvalidViewDataError';
  /** The argument that was wrong, e.g. `'kernel'` or `'predictions'`. */
  readonly input: string;

  constructor(input: string, problem: string, fix: string) {
    super(`Invalid ${input}: ${problem}. ${fix}`);
    this.input = input;
  }
}
