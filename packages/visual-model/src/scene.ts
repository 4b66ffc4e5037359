/**
 * A picture as a flat list of rectangles and labels. Every view lays itself out once as a scene; the SVG
 * and canvas renderers only paint scenes, so the two outputs cannot drift apart.
 */
export type Shape =
  | { readonly kind: 'rect'; x: number; y: number; width: number; height: number; fill: string; stroke?: string }
  | {
      readonly kind: 'text';
      x: number;
      y: number;
      text: string;
      fill: string;
      size: number;
      weight?: 'normal' | 'bold';
      anchor?: 'start' | 'middle' | 'end';
      /** A colour outlining the letters, so that they read on top of a picture. */
      halo?: string;
    };

/** A laid-out picture: its size in CSS pixels and what to paint, back to front. */
export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly shapes: readonly Shape[];
}

/** Colours and font every view shares; each is an option of every renderer. */
export interface Theme {
  background: string;
  textColor: string;
  mutedColor: string;
  fontFamily: string;
  fontSize: number;
}

/** The colours and font the views use unless told otherwise: dark grey text on white, in the system font. */
export const DEFAULT_THEME: Theme = {
  background: '#ffffff',
  textColor: '#1f2937',
  mutedColor: '#6b7280',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontSize: 12,
};

/** Text labels sit on their vertical middle in both renderers. */
export function rect(x: number, y: number, width: number, height: number, fill: string, stroke?: string): Shape {
  return { kind: 'rect', x, y, width, height, fill, ...(stroke ? { stroke } : {}) };
}

export function text(
  x: number,
  y: number,
  value: string,
  fill: string,
  size: number,
  anchor: 'start' | 'middle' | 'end' = 'start',
  weight: 'normal' | 'bold' = 'normal',
  halo?: string,
): Shape {
  return { kind: 'text', x, y, text: value, fill, size, anchor, weight, ...(halo ? { halo } : {}) };
}
