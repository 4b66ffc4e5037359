import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LayerShape } from '../kernels/shapes.js';
import type { KernelsResult, KernelsTask, KernelTimings } from '../tasks.js';
import { useBackend } from './backend.js';
import { buildStage } from './stage.js';

const CEILING_SIZE = 1024;

/**
 * Times, on single-threaded wasm, each conv layer's Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter
 * and each dense layer's three matmuls at the shapes the stage's model has (read from the model that
 * @nophd/models builds, at its recipe's batch size), and a plain matmul as the ceiling.
 *
 * Every call gets freshly copied operands, as in training, where weights and gradients are new tensors each
 * step: the wasm backend caches XNNPACK's packed copy of an operand by tensor, so timing one tensor again and
 * again leaves out the packing that every training step pays (stage 5's first-layer weight gradient read
 * 5.4 ms that way and cost 9.0 in training).
 */
export async function measureKernels(task: KernelsTask): Promise<KernelsResult> {
  const { label } = await useBackend('wasm');
  const time = (operands: tf.Tensor[], f: (...fresh: tf.Tensor[]) => tf.Tensor): number => {
    const ms: number[] = [];
    for (let i = 0; i <= task.repeats; i++) {
      const fresh = operands.map((t) => tf.mul(t, 1)); // a copy: new memory, so no cached packing applies
      const start = performance.now();
      const out = f(...fresh); // wasm kernels run synchronously: the result is ready when the call returns
      const elapsed = performance.now() - start;
      tf.dispose([out, ...fresh]);
      if (i > 0) ms.push(elapsed); // the first call warms up
    }
    return Math.min(...ms); // the least disturbed call: on a shared machine the median mostly measures the neighbours
  };

  const batches: Record<number, number> = {};
  const rows: KernelTimings[] = [];
  for (const stage of task.stages) {
    const { model, recipe } = buildStage(stage);
    batches[stage] = recipe.batchSize;
    for (const shape of layerShapes(model, stage, recipe.batchSize)) rows.push(timeLayer(shape, time));
    model.dispose();
  }
  const a = tf.randomNormal([CEILING_SIZE, CEILING_SIZE]);
  const b = tf.randomNormal([CEILING_SIZE, CEILING_SIZE]);
  // The ceiling is XNNPACK's product alone: the same operands each call, so its packed copy is reused.
  const ceiling = { size: CEILING_SIZE, ms: time([], () => tf.matMul(a, b)) };
  tf.dispose([a, b]);
  return { kind: 'kernels', label, repeats: task.repeats, batches, ceiling, rows };
}

/** The conv and dense layers of a built model, as the kernels see them at `batch`. */
function layerShapes(model: tfl.LayersModel, stage: number, batch: number): LayerShape[] {
  const shapes: LayerShape[] = [];
  for (const layer of model.layers) {
    const input = (layer.input as tfl.SymbolicTensor).shape;
    const config = layer.getConfig() as { kernelSize?: number[]; strides?: number[]; filters?: number; units?: number; padding?: string };
    if (layer.getClassName().endsWith('Conv2D')) { // Conv2D, or stage 5's first layer, InputConv2D
      if (config.padding !== 'same') throw new Error(`${layer.name}: the kernel table expects 'same' padding.`);
      shapes.push({
        kind: 'conv',
        stage,
        layer: layer.name.replace(/_\d+$/, ''),
        batch,
        inSize: input[1]!,
        inChannels: input[3]!,
        kernel: config.kernelSize![0]!,
        stride: config.strides![0]!,
        outChannels: config.filters!,
      });
    } else if (layer.getClassName() === 'Dense') {
      shapes.push({ kind: 'dense', stage, layer: layer.name.replace(/_\d+$/, ''), batch, inUnits: input[1]!, outUnits: config.units! });
    }
  }
  return numbered(shapes);
}

/** conv2d, conv2d, dense → conv 1, conv 2, dense 1. */
function numbered(shapes: LayerShape[]): LayerShape[] {
  const counts = { conv: 0, dense: 0 };
  return shapes.map((s) => ({ ...s, layer: `${s.kind} ${++counts[s.kind]}` }));
}

function timeLayer(shape: LayerShape, time: (operands: tf.Tensor[], f: (...fresh: tf.Tensor[]) => tf.Tensor) => number): KernelTimings {
  if (shape.kind === 'dense') {
    const x = tf.randomNormal([shape.batch, shape.inUnits]);
    const w = tf.randomNormal([shape.inUnits, shape.outUnits]);
    const dy = tf.randomNormal([shape.batch, shape.outUnits]);
    const timings = {
      shape,
      forwardMs: time([x, w], (x, w) => tf.matMul(x!, w!)),
      inputGradientMs: time([dy, w], (dy, w) => tf.matMul(dy!, w!, false, true)),
      weightGradientMs: time([x, dy], (x, dy) => tf.matMul(x!, dy!, true, false)),
    };
    tf.dispose([x, w, dy]);
    return timings;
  }
  const out = Math.ceil(shape.inSize / shape.stride);
  const xShape: [number, number, number, number] = [shape.batch, shape.inSize, shape.inSize, shape.inChannels];
  const filterShape: [number, number, number, number] = [shape.kernel, shape.kernel, shape.inChannels, shape.outChannels];
  const x = tf.randomNormal(xShape) as tf.Tensor4D;
  const w = tf.randomNormal(filterShape) as tf.Tensor4D;
  const dy = tf.randomNormal([shape.batch, out, out, shape.outChannels]) as tf.Tensor4D;
  const attrs = { strides: shape.stride, pad: 'same', dataFormat: 'NHWC', dilations: 1 } as const;
  const run = (kernel: string, inputs: tf.NamedTensorMap, extra: object) =>
    tf.engine().runKernel(kernel, inputs, { ...attrs, ...extra } as unknown as tf.NamedAttrMap) as tf.Tensor;
  const timings = {
    shape,
    forwardMs: time([x, w], (x, w) => run('Conv2D', { x: x!, filter: w! }, {})),
    inputGradientMs: time([dy, w], (dy, w) => run('Conv2DBackpropInput', { dy: dy!, filter: w! }, { inputShape: xShape })),
    weightGradientMs: time([x, dy], (x, dy) => run('Conv2DBackpropFilter', { x: x!, dy: dy! }, { filterShape })),
  };
  tf.dispose([x, w, dy]);
  return timings;
}
