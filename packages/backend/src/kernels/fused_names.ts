/**
 * Names of the fused training kernels. @nophd/models looks them up by these names (its stage-5 batch norm
 * and its Adam) and uses them where the active backend has them; the backend test checks the two agree.
 */
export const FUSED_KERNEL_NAMES = {
  batchNormTraining: 'NophdBatchNormTraining',
  batchNormTrainingGrad: 'NophdBatchNormTrainingGrad',
  adamUpdate: 'NophdAdamUpdate',
} as const;
