import type { Tensor } from '@tensorflow/tfjs-core';

/** Logs as tfjs passes them: numbers, or scalar tensors when the callback runs inside model.fit. */
export type LogsLike = Record<string, number | Tensor | undefined> | undefined;

/**
 * The number behind a log value. Inside model.fit, logs hold scalar tensors that tfjs disposes after the
 * callbacks ran, so they are read here (async, no blocking GPU readback) but never disposed.
 */
export async function readNumber(value: unknown): Promise<number | undefined> {
  if (typeof value === 'number') return value;
  if (value != null && typeof (value as Tensor).data === 'function' && !(value as Tensor).isDisposed) {
    return (await (value as Tensor).data())[0];
  }
  return undefined;
}

const ACCURACY_KEYS = ['acc', 'accuracy', 'categoricalAccuracy', 'binaryAccuracy', 'sparseCategoricalAccuracy'];

/** The accuracy metric's log name, whichever of tfjs' spellings the model was compiled with. */
export function accuracyKey(logs: LogsLike, prefix = ''): string | undefined {
  if (!logs) return undefined;
  return ACCURACY_KEYS.map((k) => prefix + k).find((k) => logs[k] !== undefined);
}

/** Loss and accuracy from a logs object (accuracy undefined when the model has no accuracy metric). */
export async function readLossAndAccuracy(
  logs: LogsLike,
  prefix = '',
): Promise<{ loss: number | undefined; accuracy: number | undefined }> {
  const key = accuracyKey(logs, prefix);
  const [loss, accuracy] = await Promise.all([
    readNumber(logs?.[`${prefix}loss`]),
    key ? readNumber(logs?.[key]) : Promise.resolve(undefined),
  ]);
  return { loss, accuracy };
}
