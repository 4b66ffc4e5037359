import type { ChartFrame } from './chart-frame.js';

/** Escapes text for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const r = (v: number) => Math.round(v * 100) / 100;

let clipCounter = 0;
/** A clip-path id unique within this process, so several charts can be inlined in one HTML page. */
export function nextClipId(prefix: string): string {
  clipCounter += 1;
  return `${prefix}-clip-${clipCounter}`;
}

/** Opening tag, background, grid and clip-path definition. */
export function svgFrameStart(f: ChartFrame, clipId: string, className: string): string {
  const { plot } = f;
  const label = f.title ? ` aria-label="${escapeXml(f.title)}"` : '';
  const grid = f.yTicks
    .map((t) => `<line x1="${plot.left}" x2="${plot.right}" y1="${r(t.px)}" y2="${r(t.px)}"/>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="${className}" width="${f.width}" height="${f.height}" ` +
    `viewBox="0 0 ${f.width} ${f.height}" role="img"${label} font-family="${escapeXml(f.fontFamily)}" ` +
    `font-size="${f.fontSize}">` +
    `<defs><clipPath id="${clipId}"><rect x="${plot.left}" y="${plot.top}" width="${r(plot.right - plot.left)}" ` +
    `height="${r(plot.bottom - plot.top)}"/></clipPath></defs>` +
    `<rect class="background" width="${f.width}" height="${f.height}" fill="${escapeXml(f.background)}"/>` +
    `<g class="grid" stroke="${escapeXml(f.gridColor)}" stroke-width="1">${grid}</g>`
  );
}

/** Axes with ticks and labels, title, axis labels and the closing tag. */
export function svgFrameEnd(f: ChartFrame, extra = ''): string {
  const { plot, fontSize } = f;
  const axis = escapeXml(f.axisColor);
  const text = escapeXml(f.textColor);
  const xTicks = f.xTicks
    .map(
      (t) =>
        `<g class="tick" transform="translate(${r(t.px)},${plot.bottom})"><line y2="5" stroke="${axis}"/>` +
        `<text y="${fontSize + 7}" text-anchor="middle">${escapeXml(t.label)}</text></g>`,
    )
    .join('');
  const yTicks = f.yTicks
    .map(
      (t) =>
        `<g class="tick" transform="translate(${plot.left},${r(t.px)})"><line x2="-5" stroke="${axis}"/>` +
        `<text x="-8" dy="0.32em" text-anchor="end">${escapeXml(t.label)}</text></g>`,
    )
    .join('');
  const cy = r((plot.top + plot.bottom) / 2);
  const cx = r((plot.left + plot.right) / 2);
  return (
    `<g class="axis x-axis" fill="${text}"><line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" ` +
    `y2="${plot.bottom}" stroke="${axis}"/>${xTicks}</g>` +
    `<g class="axis y-axis" fill="${text}"><line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" ` +
    `y2="${plot.bottom}" stroke="${axis}"/>${yTicks}</g>` +
    (f.title
      ? `<text class="title" x="${plot.left}" y="${r(fontSize * 1.75)}" fill="${text}" font-size="${r(fontSize * 1.25)}" ` +
        `font-weight="600">${escapeXml(f.title)}</text>`
      : '') +
    (f.xLabel
      ? `<text class="x-label" x="${cx}" y="${f.height - 8}" text-anchor="middle" fill="${text}">${escapeXml(f.xLabel)}</text>`
      : '') +
    (f.yLabel
      ? `<text class="y-label" transform="translate(${fontSize + 2},${cy}) rotate(-90)" text-anchor="middle" ` +
        `fill="${text}">${escapeXml(f.yLabel)}</text>`
      : '') +
    extra +
    '</svg>'
  );
}
