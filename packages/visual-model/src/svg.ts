import type { Scene, Theme } from './scene.js';

const round = (n: number) => Math.round(n * 100) / 100;

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

/** Paints a scene as a standalone SVG document (no scripts, no external references). */
export function sceneToSvg(scene: Scene, theme: Theme, title: string): string {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" viewBox="0 0 ${scene.width} ${scene.height}" role="img" aria-label="${escapeXml(title)}" font-family="${escapeXml(theme.fontFamily)}" shape-rendering="crispEdges">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${scene.width}" height="${scene.height}" fill="${theme.background}"/>`,
  ];
  for (const s of scene.shapes) {
    if (s.kind === 'rect') {
      const stroke = s.stroke ? ` stroke="${s.stroke}"` : '';
      parts.push(`<rect x="${round(s.x)}" y="${round(s.y)}" width="${round(s.width)}" height="${round(s.height)}" fill="${s.fill}"${stroke}/>`);
    } else {
      const anchor = s.anchor === 'middle' ? 'middle' : s.anchor === 'end' ? 'end' : 'start';
      const weight = s.weight === 'bold' ? ' font-weight="600"' : '';
      const halo = s.halo ? ` stroke="${s.halo}" stroke-width="3" stroke-linejoin="round" paint-order="stroke"` : '';
      parts.push(
        `<text x="${round(s.x)}" y="${round(s.y)}" fill="${s.fill}" font-size="${s.size}" text-anchor="${anchor}" dominant-baseline="central"${weight}${halo}>${escapeXml(s.text)}</text>`,
      );
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}
