import type * as tfl from '@tensorflow/tfjs-layers';
import { percentileBands, type BandSample } from '@nophd/visual-percentile-bands';

/**
 * Biases in the codelab's sense: additive offsets, i.e. dense/conv biases and batch-norm betas.
 * Everything else that trains (kernels, batch-norm scales) counts as a weight.
 */
function isBias(name: string): boolean {
  return /(^|\/)(bias|beta)(_\d+)?$/.test(name);
}

/** Percentile bands of all weights and of all biases at one iteration, as the codelab's panels 4 and 5 show. */
export async function sampleWeightBands(
  model: tfl.LayersModel,
  iteration: number,
): Promise<{ weights: BandSample; biases: BandSample }> {
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (const variable of model.trainableWeights) {
    const values = (await variable.read().data()) as Float32Array;
    (isBias(variable.originalName) ? biases : weights).push(values);
  }
  return {
    weights: { iteration, bands: percentileBands(concat(weights)) },
    biases: { iteration, bands: percentileBands(concat(biases)) },
  };
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
