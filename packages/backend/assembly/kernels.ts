/*
 * nophd's SIMD kernels, compiled by AssemblyScript (scripts/build-simd.mjs) into a small WebAssembly
 * module that imports the wasm backend's own memory: every pointer here is a byte offset of a tensor
 * that tfjs-backend-wasm allocated, so nothing is copied in or out. The module has no data, no stack
 * and no allocator; it only reads and writes the memory it is handed.
 *
 * Matrices are row-major [rows, c] with the channel last (NHWC activations seen as rows of channels).
 * Per-channel sums add 4 channels per vector; each block of BLOCK rows is summed in float32 and added
 * to float64 totals, so a sum over 100,000 rows keeps float32's precision.
 */

const BLOCK: i32 = 128;

@inline function vectorCount(c: i32): i32 {
  return c & ~3;
}

/** acc[0..c) = 0 (float32). */
@inline function clear(acc: usize, c: i32): void {
  memory.fill(acc, 0, <usize>c << 2);
}

/** total[j] += acc[j] in float64. */
@inline function flush(acc: usize, total: usize, c: i32): void {
  for (let j = 0; j < c; j++) {
    const t = total + (<usize>j << 3);
    store<f64>(t, load<f64>(t) + <f64>load<f32>(acc + (<usize>j << 2)));
  }
}

/**
 * total[j] = Σ_r x[r, j], or with `squared` Σ_r (x[r, j] − mean[j])² (float64 totals; acc is float32 scratch
 * of c values). Inlined with a constant `squared`, so each export below compiles to its own branch-free loop.
 */
@inline function channelSums(x: usize, rows: i32, c: i32, mean: usize, squared: bool, acc: usize, total: usize): void {
  memory.fill(total, 0, <usize>c << 3);
  const cv = vectorCount(c);
  const rowBytes = <usize>c << 2;
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const r1 = min(rows, r0 + BLOCK);
    clear(acc, c);
    for (let r = r0; r < r1; r++) {
      const row = x + <usize>r * rowBytes;
      let j = 0;
      for (; j < cv; j += 4) {
        const o = <usize>j << 2;
        let term = v128.load(row + o);
        if (squared) {
          const d = f32x4.sub(term, v128.load(mean + o));
          term = f32x4.mul(d, d);
        }
        v128.store(acc + o, f32x4.add(v128.load(acc + o), term));
      }
      for (; j < c; j++) {
        const o = <usize>j << 2;
        let term = load<f32>(row + o);
        if (squared) {
          const d = term - load<f32>(mean + o);
          term = d * d;
        }
        store<f32>(acc + o, load<f32>(acc + o) + term);
      }
    }
    flush(acc, total, c);
  }
}

/** total[j] = Σ_r x[r, j]. */
export function sumRows(x: usize, rows: i32, c: i32, acc: usize, total: usize): void {
  channelSums(x, rows, c, 0, false, acc, total);
}

/** total[j] = Σ_r (x[r, j] − mean[j])². */
export function sumSquaredDeviations(x: usize, rows: i32, c: i32, mean: usize, acc: usize, total: usize): void {
  channelSums(x, rows, c, mean, true, acc, total);
}

/** dySum[j] = Σ_r dy[r, j] and dyXSum[j] = Σ_r dy[r, j] · (x[r, j] − mean[j]), in one pass. */
export function sumGradientProducts(dy: usize, x: usize, rows: i32, c: i32, mean: usize, acc: usize, dySum: usize, dyXSum: usize): void {
  memory.fill(dySum, 0, <usize>c << 3);
  memory.fill(dyXSum, 0, <usize>c << 3);
  const accX = acc + (<usize>c << 2);
  const cv = vectorCount(c);
  const rowBytes = <usize>c << 2;
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const r1 = min(rows, r0 + BLOCK);
    memory.fill(acc, 0, <usize>c << 3);
    for (let r = r0; r < r1; r++) {
      const g = dy + <usize>r * rowBytes;
      const row = x + <usize>r * rowBytes;
      let j = 0;
      for (; j < cv; j += 4) {
        const o = <usize>j << 2;
        const d = v128.load(g + o);
        v128.store(acc + o, f32x4.add(v128.load(acc + o), d));
        v128.store(accX + o, f32x4.add(v128.load(accX + o), f32x4.mul(d, f32x4.sub(v128.load(row + o), v128.load(mean + o)))));
      }
      for (; j < c; j++) {
        const o = <usize>j << 2;
        const d = load<f32>(g + o);
        store<f32>(acc + o, load<f32>(acc + o) + d);
        store<f32>(accX + o, load<f32>(accX + o) + d * (load<f32>(row + o) - load<f32>(mean + o)));
      }
    }
    flush(acc, dySum, c);
    flush(accX, dyXSum, c);
  }
}

/**
 * y[r, j] = x[r, j] · a[j] + b[j], or without `scaled` x[r, j] + b[j]. Inlined with a constant `scaled`, so each
 * export below compiles to its own loop (as channelSums does for the sums).
 */
@inline function rowAffine(x: usize, rows: i32, c: i32, a: usize, scaled: bool, b: usize, y: usize): void {
  const cv = vectorCount(c);
  const rowBytes = <usize>c << 2;
  for (let r = 0; r < rows; r++) {
    const src = x + <usize>r * rowBytes;
    const dst = y + <usize>r * rowBytes;
    let j = 0;
    for (; j < cv; j += 4) {
      const o = <usize>j << 2;
      let v = v128.load(src + o);
      if (scaled) v = f32x4.mul(v, v128.load(a + o));
      v128.store(dst + o, f32x4.add(v, v128.load(b + o)));
    }
    for (; j < c; j++) {
      const o = <usize>j << 2;
      let v = load<f32>(src + o);
      if (scaled) v *= load<f32>(a + o);
      store<f32>(dst + o, v + load<f32>(b + o));
    }
  }
}

/** y[r, j] = x[r, j] · a[j] + b[j]. */
export function scaleShift(x: usize, rows: i32, c: i32, a: usize, b: usize, y: usize): void {
  rowAffine(x, rows, c, a, true, b, y);
}

/** y[r, j] = x[r, j] + v[j]: a bias added to every row (conv and dense layers' broadcast Add). */
export function addRowVector(x: usize, rows: i32, c: i32, v: usize, y: usize): void {
  rowAffine(x, rows, c, 0, false, v, y);
}

/**
 * dx[r, j] = dy[r, j] · a[j] + (x[r, j] − mean[j]) · b[j] + k[j]: batch norm's input gradient in one pass
 * (x is centred here, not folded into k, so large means cost no precision).
 */
export function normalizeGradient(dy: usize, x: usize, rows: i32, c: i32, mean: usize, a: usize, b: usize, k: usize, dx: usize): void {
  const cv = vectorCount(c);
  const rowBytes = <usize>c << 2;
  for (let r = 0; r < rows; r++) {
    const g = dy + <usize>r * rowBytes;
    const row = x + <usize>r * rowBytes;
    const dst = dx + <usize>r * rowBytes;
    let j = 0;
    for (; j < cv; j += 4) {
      const o = <usize>j << 2;
      const centred = f32x4.sub(v128.load(row + o), v128.load(mean + o));
      const s = f32x4.add(f32x4.mul(v128.load(g + o), v128.load(a + o)), f32x4.mul(centred, v128.load(b + o)));
      v128.store(dst + o, f32x4.add(s, v128.load(k + o)));
    }
    for (; j < c; j++) {
      const o = <usize>j << 2;
      const centred = load<f32>(row + o) - load<f32>(mean + o);
      store<f32>(dst + o, load<f32>(g + o) * load<f32>(a + o) + centred * load<f32>(b + o) + load<f32>(k + o));
    }
  }
}

/**
 * One Adam step over n weights, in tfjs's own order of float32 operations (so it matches its
 * AdamOptimizer to the last bit): m' = m·β₁ + g·(1−β₁); v' = v·β₂ + g²·(1−β₂);
 * w' = (m'/(1−β₁ᵗ)) / (√(v'/(1−β₂ᵗ)) + ε) · (−lr) + w.
 */
export function adamUpdate(
  w: usize, m: usize, v: usize, g: usize, n: i32,
  wOut: usize, mOut: usize, vOut: usize,
  beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
  oneMinusPower1: f32, oneMinusPower2: f32, epsilon: f32, negativeRate: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(oneMinusBeta2);
  const p1 = f32x4.splat(oneMinusPower1);
  const p2 = f32x4.splat(oneMinusPower2);
  const eps = f32x4.splat(epsilon);
  const rate = f32x4.splat(negativeRate);
  const nv = vectorCount(n);
  let i = 0;
  for (; i < nv; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gi, c1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(gi, gi), c2));
    const step = f32x4.div(f32x4.div(mi, p1), f32x4.add(f32x4.sqrt(f32x4.div(vi, p2)), eps));
    v128.store(mOut + o, mi);
    v128.store(vOut + o, vi);
    v128.store(wOut + o, f32x4.add(f32x4.mul(step, rate), v128.load(w + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const mi = load<f32>(m + o) * beta1 + gi * oneMinusBeta1;
    const vi = load<f32>(v + o) * beta2 + (gi * gi) * oneMinusBeta2;
    const step = (mi / oneMinusPower1) / (sqrt<f32>(vi / oneMinusPower2) + epsilon);
    store<f32>(mOut + o, mi);
    store<f32>(vOut + o, vi);
    store<f32>(wOut + o, step * negativeRate + load<f32>(w + o));
  }
}

/*
 * Data movement for the convolution and matmul kernels (which used to be JavaScript loops over the heap).
 * Offsets and strides below are in floats, pointers in bytes.
 */

/** dst[c·dstStride + r] = src[r·srcStride + c] for r < rows, c < cols: 4×4 blocks through vector shuffles. */
@inline function transposeBlock(src: usize, rows: i32, cols: i32, srcStride: i32, dst: usize, dstStride: i32): void {
  const rv = rows & ~3;
  const cv = cols & ~3;
  const ss = <usize>srcStride << 2;
  const ds = <usize>dstStride << 2;
  let r = 0;
  for (; r < rv; r += 4) {
    const s0 = src + <usize>r * ss;
    let c = 0;
    for (; c < cv; c += 4) {
      const s = s0 + (<usize>c << 2);
      const r0 = v128.load(s);
      const r1 = v128.load(s + ss);
      const r2 = v128.load(s + 2 * ss);
      const r3 = v128.load(s + 3 * ss);
      const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
      const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
      const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      const d = dst + <usize>c * ds + (<usize>r << 2);
      v128.store(d, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
      v128.store(d + ds, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
      v128.store(d + 2 * ds, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
      v128.store(d + 3 * ds, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
    }
    for (; c < cols; c++) {
      for (let k = 0; k < 4; k++) {
        store<f32>(dst + <usize>c * ds + (<usize>(r + k) << 2), load<f32>(src + <usize>(r + k) * ss + (<usize>c << 2)));
      }
    }
  }
  for (; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      store<f32>(dst + <usize>c * ds + (<usize>r << 2), load<f32>(src + <usize>r * ss + (<usize>c << 2)));
    }
  }
}

/** The rows×cols row-major matrix at src, transposed into dst (cols×rows), in 32-row bands that stay in cache. */
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let r0 = 0; r0 < rows; r0 += 32) {
    const band = min(32, rows - r0);
    for (let c0 = 0; c0 < cols; c0 += 32) {
      const width = min(32, cols - c0);
      transposeBlock(src + ((<usize>r0 * cols + c0) << 2), band, width, cols, dst + ((<usize>c0 * rows + r0) << 2), rows);
    }
  }
}

/**
 * dst[c, i, j, b] = x[b, i, j, c] for i < h, j < w (x is [batch, height, width, c]): per pixel, the batch×channels
 * block is transposed into channel planes of `batch` values.
 */
export function swapBatchAndChannels(x: usize, batch: i32, height: i32, width: i32, c: i32, h: i32, w: i32, dst: usize): void {
  const image = height * width * c;
  const plane = h * w * batch;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      transposeBlock(x + (<usize>((i * width + j) * c) << 2), batch, c, image, dst + (<usize>((i * w + j) * batch) << 2), plane);
    }
  }
}

/**
 * For o < outer and k < count: copies `width` floats from src + o·srcOuter + k·srcStep to dst + o·dstOuter + k·dstStep.
 */
export function copyBlocks(src: usize, srcOuter: i32, srcStep: i32, dst: usize, dstOuter: i32, dstStep: i32, outer: i32, count: i32, width: i32): void {
  const bytes = <usize>width << 2;
  for (let o = 0; o < outer; o++) {
    let s = src + (<usize>(o * srcOuter) << 2);
    let d = dst + (<usize>(o * dstOuter) << 2);
    for (let k = 0; k < count; k++) {
      if ((width & 3) == 0 && width <= 64) {
        // Short runs (a pixel's channels): vector copies beat memory.copy's call.
        for (let o2: usize = 0; o2 < bytes; o2 += 16) v128.store(d + o2, v128.load(s + o2));
      } else {
        memory.copy(d, s, bytes);
      }
      s += <usize>srcStep << 2;
      d += <usize>dstStep << 2;
    }
  }
}

/*
 * The weight gradient of a convolution over one input channel (a first layer on grey images), computed
 * directly: dW[kh, kw, co] = Σ_{b, oh, ow} x[b, oh·s + kh − top, ow·s + kw − left] · dy[b, oh, ow, co]. The
 * patch-matrix route it replaces wrote taps × pixels floats and then XNNPACK packed all of dy (pixels × co
 * floats, every step, since dy is new each step) before a product with a tiny output.
 */

/**
 * dst[b] = image b of x (h×w) placed at (top, left) in a zeroed hp×wp frame (cropped where the frame is
 * smaller), so the gradient loop below reads taps without bounds checks.
 */
export function padImages(x: usize, batch: i32, h: i32, w: i32, top: i32, left: i32, hp: i32, wp: i32, dst: usize): void {
  const rows = min(h, hp - top);
  const cols = <usize>min(w, wp - left) << 2;
  for (let b = 0; b < batch; b++) {
    const frame = dst + (<usize>(b * hp * wp) << 2);
    memory.fill(frame, 0, <usize>(hp * wp) << 2);
    const image = x + (<usize>(b * h * w) << 2);
    for (let r = 0; r < rows; r++) {
      memory.copy(frame + (<usize>((top + r) * wp + left) << 2), image + (<usize>(r * w) << 2), cols);
    }
  }
}

/**
 * The register-blocked loop both one-channel kernels below run: a block of `rows` × `vectors` accumulators
 * (each ≤ 3, constants once inlined, so every combination compiles to its own loop) gains, at each of
 * outer × inner steps, splat(scalar of row p) · vector v. Row p's scalar is at `scalars` + p·rowOffset, moving by
 * innerStep per step and outerStride per outer step; the `vectors` vectors are read at `vecs`, moving by vecStep
 * per step. Each vector loaded serves every row, each splatted scalar every vector. The block starts from what
 * is at `out` (rows `outRowBytes` apart) when `accumulate`, else from zero, and is stored back there.
 */
@inline function outerProducts(
  rows: i32, vectors: i32, accumulate: bool,
  scalars: usize, rowOffset: usize, innerStep: usize, outerStride: usize, outer: i32, inner: i32,
  vecs: usize, vecStep: usize, out: usize, outRowBytes: usize,
): void {
  let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a02 = f32x4.splat(0);
  let a10 = f32x4.splat(0), a11 = f32x4.splat(0), a12 = f32x4.splat(0);
  let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a22 = f32x4.splat(0);
  if (accumulate) {
    a00 = v128.load(out);
    if (vectors > 1) a01 = v128.load(out, 16);
    if (vectors > 2) a02 = v128.load(out, 32);
    if (rows > 1) {
      a10 = v128.load(out + outRowBytes);
      if (vectors > 1) a11 = v128.load(out + outRowBytes, 16);
      if (vectors > 2) a12 = v128.load(out + outRowBytes, 32);
    }
    if (rows > 2) {
      a20 = v128.load(out + 2 * outRowBytes);
      if (vectors > 1) a21 = v128.load(out + 2 * outRowBytes, 16);
      if (vectors > 2) a22 = v128.load(out + 2 * outRowBytes, 32);
    }
  }
  let v = vecs;
  for (let o = 0; o < outer; o++) {
    let px = scalars + <usize>o * outerStride;
    for (let i = 0; i < inner; i++) {
      const v0 = v128.load(v);
      const v1 = vectors > 1 ? v128.load(v, 16) : v0;
      const v2 = vectors > 2 ? v128.load(v, 32) : v0;
      const x0 = v128.load32_splat(px);
      a00 = f32x4.add(a00, f32x4.mul(x0, v0));
      if (vectors > 1) a01 = f32x4.add(a01, f32x4.mul(x0, v1));
      if (vectors > 2) a02 = f32x4.add(a02, f32x4.mul(x0, v2));
      if (rows > 1) {
        const x1 = v128.load32_splat(px + rowOffset);
        a10 = f32x4.add(a10, f32x4.mul(x1, v0));
        if (vectors > 1) a11 = f32x4.add(a11, f32x4.mul(x1, v1));
        if (vectors > 2) a12 = f32x4.add(a12, f32x4.mul(x1, v2));
      }
      if (rows > 2) {
        const x2 = v128.load32_splat(px + 2 * rowOffset);
        a20 = f32x4.add(a20, f32x4.mul(x2, v0));
        if (vectors > 1) a21 = f32x4.add(a21, f32x4.mul(x2, v1));
        if (vectors > 2) a22 = f32x4.add(a22, f32x4.mul(x2, v2));
      }
      px += innerStep;
      v += vecStep;
    }
  }
  v128.store(out, a00);
  if (vectors > 1) v128.store(out, a01, 16);
  if (vectors > 2) v128.store(out, a02, 32);
  if (rows > 1) {
    v128.store(out + outRowBytes, a10);
    if (vectors > 1) v128.store(out + outRowBytes, a11, 16);
    if (vectors > 2) v128.store(out + outRowBytes, a12, 32);
  }
  if (rows > 2) {
    v128.store(out + 2 * outRowBytes, a20);
    if (vectors > 1) v128.store(out + 2 * outRowBytes, a21, 16);
    if (vectors > 2) v128.store(out + 2 * outRowBytes, a22, 32);
  }
}

/**
 * Adds, over one padded image's output pixels, the products of `taps` consecutive filter columns (kw0 …) in
 * filter row kh with `vectors` groups of 4 output channels (co0 …) into dw: rows are taps (adjacent frame
 * values), the vectors dy's channels at each pixel.
 */
@inline function accumulateTaps(
  taps: i32, vectors: i32,
  frame: usize, wp: i32, dyImage: usize, oh: i32, ow: i32, co: i32, stride: i32, kh: i32, kw0: i32, co0: i32,
  dw: usize, kw: i32,
): void {
  const channelBytes = <usize>co << 2;
  outerProducts(
    taps, vectors, true,
    frame + (<usize>(kh * wp + kw0) << 2), 4, <usize>stride << 2, <usize>(stride * wp) << 2, oh, ow,
    dyImage + (<usize>co0 << 2), channelBytes, dw + (<usize>((kh * kw + kw0) * co + co0) << 2), channelBytes,
  );
}

/**
 * dw ([kh, kw, co], zeroed here) = the filter gradient of a one-channel convolution from the padded images
 * (padImages: batch × hp × wp) and dy ([batch, oh, ow, co], co a multiple of 4). One image at a time, so its
 * dy (oh·ow·co floats) stays in cache while every tap and channel group passes over it.
 */
export function oneChannelFilterGradient(
  frames: usize, batch: i32, hp: i32, wp: i32, dy: usize, oh: i32, ow: i32, co: i32, stride: i32, kh: i32, kw: i32, dw: usize,
): void {
  memory.fill(dw, 0, <usize>(kh * kw * co) << 2);
  for (let b = 0; b < batch; b++) {
    const frame = frames + (<usize>(b * hp * wp) << 2);
    const dyImage = dy + (<usize>(b * oh * ow * co) << 2);
    for (let co0 = 0; co0 < co; ) {
      const vectors = min(3, (co - co0) >> 2);
      for (let r = 0; r < kh; r++) {
        for (let kw0 = 0; kw0 < kw; ) {
          const taps = min(3, kw - kw0);
          if (vectors == 3) {
            if (taps == 3) accumulateTaps(3, 3, frame, wp, dyImage, oh, ow, co, stride, r, kw0, co0, dw, kw);
            else if (taps == 2) accumulateTaps(2, 3, frame, wp, dyImage, oh, ow, co, stride, r, kw0, co0, dw, kw);
            else accumulateTaps(1, 3, frame, wp, dyImage, oh, ow, co, stride, r, kw0, co0, dw, kw);
          } else if (vectors == 2) {
            if (taps == 3) accumulateTaps(3, 2, frame, wp, dyImage, oh, ow, co, stride, r, kw0, co0, dw, kw);
            else if (taps == 2) accumulateTaps(2, 2, frame, wp, dyImage, oh, ow, co, stride, r, kw0, co0, dw, kw);
            else accumulateTaps(1, 2, frame, wp, dyImage, oh, ow, co, stride, r, kw0, co0, dw, kw);
          } else {
            if (taps == 3) accumulateTaps(3, 1, frame, wp, dyImage, oh, ow, co, stride, r, kw0, co0, dw, kw);
            else if (taps == 2) accumulateTaps(2, 1, frame, wp, dyImage, oh, ow, co, stride, r, kw0, co0, dw, kw);
            else accumulateTaps(1, 1, frame, wp, dyImage, oh, ow, co, stride, r, kw0, co0, dw, kw);
          }
          kw0 += taps;
        }
      }
      co0 += vectors << 2;
    }
  }
}

/**
 * `pixels` consecutive output pixels (c0 …) of output row r, `vectors` groups of 4 output channels (co0 …), of a
 * one-channel convolution: y = Σ over taps of frame · w. Rows are pixels (frame values `stride` apart), the
 * vectors the filter's channels at each tap.
 */
@inline function convolvePixels(
  pixels: i32, vectors: i32,
  frame: usize, wp: i32, w: usize, kh: i32, kw: i32, co: i32, stride: i32, r: i32, c0: i32, co0: i32, y: usize,
): void {
  const channelBytes = <usize>co << 2;
  outerProducts(
    pixels, vectors, false,
    frame + (<usize>(r * stride * wp + c0 * stride) << 2), <usize>stride << 2, 4, <usize>wp << 2, kh, kw,
    w + (<usize>co0 << 2), channelBytes, y + (<usize>(c0 * co + co0) << 2), channelBytes,
  );
}

/**
 * y ([batch, oh, ow, co], co a multiple of 4) = the convolution of the padded one-channel images (padImages:
 * batch × hp × wp) with w ([kh, kw, co]): the forward pass of a first layer on grey images.
 */
export function oneChannelConv(
  frames: usize, batch: i32, hp: i32, wp: i32, w: usize, kh: i32, kw: i32, co: i32, stride: i32, oh: i32, ow: i32, y: usize,
): void {
  for (let b = 0; b < batch; b++) {
    const frame = frames + (<usize>(b * hp * wp) << 2);
    for (let r = 0; r < oh; r++) {
      const row = y + (<usize>((b * oh + r) * ow * co) << 2);
      for (let co0 = 0; co0 < co; ) {
        const vectors = min(3, (co - co0) >> 2);
        for (let c0 = 0; c0 < ow; ) {
          const pixels = min(3, ow - c0);
          if (vectors == 3) {
            if (pixels == 3) convolvePixels(3, 3, frame, wp, w, kh, kw, co, stride, r, c0, co0, row);
            else if (pixels == 2) convolvePixels(2, 3, frame, wp, w, kh, kw, co, stride, r, c0, co0, row);
            else convolvePixels(1, 3, frame, wp, w, kh, kw, co, stride, r, c0, co0, row);
          } else if (vectors == 2) {
            if (pixels == 3) convolvePixels(3, 2, frame, wp, w, kh, kw, co, stride, r, c0, co0, row);
            else if (pixels == 2) convolvePixels(2, 2, frame, wp, w, kh, kw, co, stride, r, c0, co0, row);
            else convolvePixels(1, 2, frame, wp, w, kh, kw, co, stride, r, c0, co0, row);
          } else {
            if (pixels == 3) convolvePixels(3, 1, frame, wp, w, kh, kw, co, stride, r, c0, co0, row);
            else if (pixels == 2) convolvePixels(2, 1, frame, wp, w, kh, kw, co, stride, r, c0, co0, row);
            else convolvePixels(1, 1, frame, wp, w, kh, kw, co, stride, r, c0, co0, row);
          }
          c0 += pixels;
        }
        co0 += vectors << 2;
      }
    }
  }
}
