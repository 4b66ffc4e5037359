/** Draws 28×28 digits (784 values in [0, 1] each) side by side, dark ink on white, `cols` per row. */
export function paintDigits(canvas: HTMLCanvasElement, images: Float32Array, indices: readonly number[], cols: number): void {
  const rows = Math.max(1, Math.ceil(indices.length / cols));
  const image = new ImageData(cols * 28, rows * 28);
  image.data.fill(255);
  indices.forEach((index, k) => {
    const [x0, y0] = [(k % cols) * 28, Math.floor(k / cols) * 28];
    for (let p = 0; p < 784; p++) {
      const ink = images[index * 784 + p];
      const o = ((y0 + Math.floor(p / 28)) * cols * 28 + x0 + (p % 28)) * 4;
      const v = Math.round(255 * (1 - ink));
      image.data[o] = image.data[o + 1] = image.data[o + 2] = v;
    }
  });
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d')!.putImageData(image, 0, 0);
}
