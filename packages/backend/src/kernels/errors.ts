/** A convolution attribute the wasm training kernels do not implement. */
export class UnsupportedConvolutionError extends Error {
  override name = 'UnsupportedConvolutionError';
  constructor(
    readonly kernel: string,
    readonly attribute: string,
    readonly value: unknown,
    supported: string,
  ) {
    super(
      `${kernel} on the wasm backend got ${attribute}=${JSON.stringify(value)}, which it does not support ` +
        `(supported: ${supported}). Transpose the data to NHWC / use dilation 1, or train this model on the 'cpu' or 'webgl' backend.`,
    );
  }
}
