/**
 * A command-line mistake: an unknown flag, a missing value or a value out of range.
 * The message names the flag, the value given and what would be accepted, so the
 * learner can fix the command without reading the source.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string) {
    super(message);
  }
}
