import { createStageModel, parseStage, type StageModel } from '@nophd/models';

/** A stage's compiled model and recipe from its number; build it after the backend is chosen. */
export function buildStage(stage: number): StageModel {
  const create = createStageModel as (stage: number) => StageModel; // any of the five; parseStage checks it
  return create(parseStage(stage));
}
