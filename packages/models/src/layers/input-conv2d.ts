import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/*
 * Why this layer exists
 * ---------------------
 * tfjs-layers 4.22 runs every Conv2D through `tf.fused.conv2d`. Under a gradient tape, tfjs-core computes a
 * fused convolution with a linear activation (stage 5's convolutions: no bias, batch norm after them) as one
 * custom-gradient op whose backward pass computes the input gradient and the filter gradient together, eagerly.
 * For a network's first layer the input gradient is the gradient with respect to the images, which nothing
 * uses: a whole Conv2DBackpropInput (≈ 8 ms of stage 5's ≈ 200 ms step on one wasm thread) thrown away.
 * A plain `tf.conv2d` has per-input gradients that the tape only runs for inputs that lead back to a weight,
 * so this layer does the same arithmetic through it and the images' gradient is never computed.
 * Everything else (weights, initialisers, config, shapes) is tfjs-layers' own Conv2D.
 */

type ConvLayerArgs = Parameters<typeof tfl.layers.conv2d>[0];
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** The parts of tfjs-layers' Conv2D this layer reads (all set by its constructor and build()). */
interface Conv2DFields {
  /** The filter weights, `[kernelH, kernelW, inChannels, filters]`. */
  kernel: {
    /** The variable's current value. */
    read(): tf.Tensor;
  };
  /** The bias weights, or null when `useBias` is false. */
  bias: {
    /** The variable's current value. */
    read(): tf.Tensor;
  } | null;
  /** Steps between filter positions, `[down, across]`. */
  strides: [number, number];
  /** 'same' keeps the image size (at stride 1), 'valid' uses only whole windows. */
  padding: 'same' | 'valid';
  /** Where the channels are; this layer's fast path is for 'channelsLast' (NHWC). */
  dataFormat: 'channelsFirst' | 'channelsLast';
  /** Dilation of the filter, `[down, across]`. */
  dilationRate: [number, number];
  /** The activation applied after the convolution. */
  activation: {
    /** Its registered name, e.g. 'linear' or 'relu'. */
    getClassName(): string;
  };
}

type Conv2DClass = (new (args: ConvLayerArgs) => tfl.layers.Layer & Conv2DFields) &
  Pick<tf.serialization.SerializableConstructor<tfl.layers.Layer>, 'fromConfig'> & { className: string };

/** tfjs-layers exports the Conv2D class only through its serialization registry (the factory returns instances). */
function registeredConv2D(): Conv2DClass {
  const registered = tf.serialization.SerializationMap.getMap().classNameMap['Conv2D']?.[0];
  if (!registered) throw new Error('@nophd/models needs @tensorflow/tfjs-layers 4.x: its Conv2D layer class is not registered.');
  return registered as unknown as Conv2DClass;
}
const Conv2D = registeredConv2D();

/**
 * A 2-D convolution for a network's first layer, on the images themselves: tfjs-layers' Conv2D whose linear
 * (activation-free) case runs as a plain `tf.conv2d` (plus the bias, if any), so that training never computes the
 * gradient with respect to the images. Other activations keep tfjs-layers' own path, which already skips it.
 * Registered with `tf.serialization`, so models that contain it save and load once this package is imported.
 *
 * @example
 * ```ts
 * const model = tf.sequential();
 * model.add(inputConv2d({ inputShape: [28, 28, 1], filters: 24, kernelSize: 6, padding: 'same', useBias: false }));
 * ```
 */
export class InputConv2D extends Conv2D {
  static className = 'InputConv2D';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    if (this.activation.getClassName() !== 'linear' || this.dataFormat !== 'channelsLast') return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const y = tf.conv2d(x, this.kernel.read() as tf.Tensor4D, this.strides, this.padding, 'NHWC', this.dilationRate);
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }
}
tf.serialization.registerClass(InputConv2D);

/** An {@link InputConv2D} layer, with tfjs-layers' `conv2d` arguments. */
export function inputConv2d(args: ConvLayerArgs): InputConv2D {
  return new InputConv2D(args);
}
