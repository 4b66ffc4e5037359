import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { io } from '@tensorflow/tfjs-core';

/** File names of a saved model, the same layout `tfjs-node`'s `file://` handler writes. */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** There is no saved model where one was expected. */
export class ModelNotFoundError extends Error {
  override name = 'ModelNotFoundError';
  constructor(
    readonly dir: string,
    cause?: unknown,
  ) {
    super(
      `No saved model in ${resolve(dir)}: ${join(dir, MODEL_JSON)} is missing or unreadable. ` +
        'Train one first with `pnpm train --out DIR`, or point at the folder that holds model.json and weights.bin.',
      { cause },
    );
  }
}

/** A saved model whose files exist but cannot be understood. */
export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
  constructor(file: string, problem: string) {
    super(`${file} is not a TensorFlow.js layers model: ${problem}. Re-save it with \`pnpm train\`.`);
  }
}

/**
 * A `tf.io.IOHandler` that saves to and loads from a folder with `node:fs`:
 * `model.json` (topology, weight manifest, training config, metadata) and `weights.bin`.
 *
 * Saving writes to temporary files and renames them, so a crash or Ctrl-C during a save
 * leaves the previous checkpoint intact. (`@tensorflow/tfjs-node` has a handler like this,
 * but its native binary is not available everywhere; this one is plain JavaScript.)
 *
 * @example
 * await model.save(fileSystemHandler('runs/stage-4'));
 * const again = await tf.loadLayersModel(fileSystemHandler('runs/stage-4'));
 */
export function fileSystemHandler(dir: string): io.IOHandler {
  const modelPath = join(dir, MODEL_JSON);
  const weightsPath = join(dir, WEIGHTS_BIN);

  return {
    async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      const topology = artifacts.modelTopology;
      if (topology == null || topology instanceof ArrayBuffer) {
        throw new Error('fileSystemHandler saves layers models (a JSON topology); this model has none. Save a tf.LayersModel.');
      }
      await mkdir(dir, { recursive: true });
      const weights = artifacts.weightData === undefined ? new ArrayBuffer(0) : io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJson: io.ModelJSON = {
        modelTopology: topology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      await writeAtomically(weightsPath, new Uint8Array(weights));
      await writeAtomically(modelPath, JSON.stringify(modelJson));
      return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts) };
    },

    async load(): Promise<io.ModelArtifacts> {
      let text: string;
      try {
        text = await readFile(modelPath, 'utf8');
      } catch (error) {
        throw new ModelNotFoundError(dir, error);
      }
      let modelJson: io.ModelJSON;
      try {
        modelJson = JSON.parse(text) as io.ModelJSON;
      } catch (error) {
        throw new ModelFormatError(modelPath, `invalid JSON (${(error as Error).message})`);
      }
      if (modelJson.modelTopology == null) throw new ModelFormatError(modelPath, 'it has no modelTopology');
      return io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const path of group.paths) {
            const bytes = await readFile(join(dir, path)).catch((error: unknown) => {
              throw new ModelFormatError(modelPath, `its weights file ${join(dir, path)} cannot be read (${(error as Error).message})`);
            });
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        return [io.getWeightSpecs(manifest), io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/** Writes next to the target and renames, so readers never see a half-written file. */
async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}
