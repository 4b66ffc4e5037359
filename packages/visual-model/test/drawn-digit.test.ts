import { describe, expect, it } from 'vitest';
import { InvalidViewDataError, mnistFromDrawing } from '../src/index.js';

/** A 280×280 drawing with a filled rectangle of ink. */
function drawing(x0: number, y0: number, x1: number, y1: number, size = 280): Float32Array {
  const ink = new Float32Array(size * size);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ink[y * size + x] = 1;
  return ink;
}

function box(pixels: Float32Array) {
  let [left, top, right, bottom, mass, sx, sy] = [28, 28, -1, -1, 0, 0, 0];
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const v = pixels[y * 28 + x];
      if (v > 0) [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
      mass += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return { width: right - left + 1, height: bottom - top + 1, cx: sx / mass, cy: sy / mass };
}

describe('mnistFromDrawing', () => {
  it('scales a tall stroke drawn in a corner to 20 pixels high and centres its mass', () => {
    const pixels = mnistFromDrawing(drawing(10, 20, 50, 180), 280, 280); // 40 × 160 in the top-left
    const b = box(pixels);
    expect(b.height).toBe(20);
    expect(b.width).toBe(5); // aspect kept: 40/160 · 20
    expect(Math.abs(b.cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(b.cy - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...pixels)).toBe(1);
  });

  it('moves the centre of mass, not the box centre, to the middle', () => {
    // An "L": heavy bottom bar pulls the mass down, so the box sits higher than centred.
    const ink = drawing(100, 40, 120, 240);
    const bar = drawing(100, 220, 240, 240);
    for (let i = 0; i < ink.length; i++) ink[i] = Math.max(ink[i], bar[i]);
    const pixels = mnistFromDrawing(ink, 280, 280);
    const b = box(pixels);
    expect(Math.abs(b.cy - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(b.cx - 14)).toBeLessThanOrEqual(0.5);
    expect([b.width, b.height]).toEqual([14, 20]); // a 140 × 200 box → 14 × 20
  });

  it('keeps partial coverage as grey (anti-aliased edges), and returns zeros for an empty drawing', () => {
    // A full square with a 7-pixel gap: the target pixel over source columns 140–153 is half ink.
    const ink = drawing(0, 0, 280, 280);
    for (let y = 0; y < 280; y++) for (let x = 140; x < 147; x++) ink[y * 280 + x] = 0;
    const pixels = mnistFromDrawing(ink, 280, 280);
    expect(pixels[14 * 28 + 14]).toBeCloseTo(0.5, 5);
    expect(pixels[14 * 28 + 10]).toBe(1);
    expect(mnistFromDrawing(new Float32Array(100), 10, 10).every((v) => v === 0)).toBe(true);
  });

  it('rejects a size that does not match the pixels', () => {
    expect(() => mnistFromDrawing(new Float32Array(10), 5, 5)).toThrow(InvalidViewDataError);
    expect(() => mnistFromDrawing(new Float32Array(10), 5, 5)).toThrow(/10 values do not make a 5×5 drawing/);
  });
});
