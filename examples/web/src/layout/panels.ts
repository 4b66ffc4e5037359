/**
 * The six panels in the codelab's order and numbering (tensorflowvisu.py):
 * 1 accuracy, 2 loss, 3 training digits / 4 weights, 5 biases, 6 test digits.
 */
export const PANEL_IDS = [1, 2, 3, 4, 5, 6] as const;
export type PanelId = (typeof PANEL_IDS)[number];

/** What a key press asks for: a set of panels to show, pause/resume, or nothing. */
export type KeyAction = { kind: 'panels'; panels: PanelId[] } | { kind: 'toggle-pause' } | null;

/** The codelab's keyboard shortcuts: 1–6 one panel, 7/8/9 the natural pairs, 0/Esc all, Space pauses. */
export function keyAction(key: string): KeyAction {
  switch (key) {
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
      return { kind: 'panels', panels: [Number(key) as PanelId] };
    case '7':
      return { kind: 'panels', panels: [1, 2] }; // accuracy + loss
    case '8':
      return { kind: 'panels', panels: [4, 5] }; // weights + biases
    case '9':
      return { kind: 'panels', panels: [3, 6] }; // training + test digits
    case '0':
    case 'Escape':
      return { kind: 'panels', panels: [...PANEL_IDS] };
    case ' ':
      return { kind: 'toggle-pause' };
    default:
      return null;
  }
}

/** Shows only `visible` panels; the grid switches to one or two large columns when focused. */
export function showPanels(grid: HTMLElement, visible: readonly PanelId[]): void {
  for (const panel of grid.querySelectorAll<HTMLElement>('[data-panel]')) {
    panel.hidden = !visible.includes(Number(panel.dataset.panel) as PanelId);
  }
  grid.dataset.visible = visible.join(' ');
  grid.dataset.count = String(visible.length);
}

/** The panels currently shown, in order. */
export function visiblePanels(grid: HTMLElement): PanelId[] {
  return [...grid.querySelectorAll<HTMLElement>('[data-panel]')]
    .filter((panel) => !panel.hidden)
    .map((panel) => Number(panel.dataset.panel) as PanelId);
}

/** The canvas of panel `id`. */
export function panelCanvas(grid: HTMLElement, id: PanelId): HTMLCanvasElement {
  const canvas = grid.querySelector<HTMLCanvasElement>(`[data-panel="${id}"] canvas`);
  if (!canvas) throw new Error(`index.html has no canvas for panel ${id}; keep the six <figure data-panel> blocks.`);
  return canvas;
}
