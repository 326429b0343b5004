/** The rectangle a brush may cover, in the <svg>'s viewBox units. */
export interface BrushArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * Rectangle selection on an <svg> in its own viewBox units: pointer down, drag, up. The chart
 * draws `brush.rect` while dragging and gets the final rectangle in `onend`.
 *
 * The same by keyboard (WCAG 2.1.1): the brush area is focusable; an arrow key shows a box in
 * the middle, arrow keys move it, Shift + arrow keys move its lower right corner (so resize it),
 * Enter applies it and Escape drops it. Steps are a twentieth of the area.
 */
export class Brush {
  start = $state<[number, number] | null>(null);
  end = $state<[number, number] | null>(null);
  private dragging = false;

  constructor(
    private readonly onend: (a: [number, number], b: [number, number]) => void,
    private readonly area: BrushArea,
  ) {}

  rect = $derived.by(() => {
    if (!this.start || !this.end) return null;
    const [x0, y0] = this.start;
    const [x1, y1] = this.end;
    return { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) };
  });

  private point(event: PointerEvent): [number, number] {
    const svg = (event.currentTarget as SVGElement).ownerSVGElement ?? (event.currentTarget as SVGSVGElement);
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM()!.inverse());
    return [p.x, p.y];
  }

  down = (event: PointerEvent) => {
    if (event.button !== 0) return;
    // No text selection while dragging.
    event.preventDefault();
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
    this.dragging = true;
    this.start = this.point(event);
    this.end = this.start;
  };
  move = (event: PointerEvent) => {
    if (this.dragging) this.end = this.point(event);
  };
  up = (event: PointerEvent) => {
    if (!this.dragging || !this.start) return;
    this.dragging = false;
    const a = this.start;
    const b = this.point(event);
    this.start = this.end = null;
    // A click without a drag is not a selection.
    if (Math.abs(a[0] - b[0]) > 3 || Math.abs(a[1] - b[1]) > 3) this.onend(a, b);
  };

  keydown = (event: KeyboardEvent) => {
    const { x, y, width, height } = this.area;
    const arrow = ARROWS[event.key];
    if (arrow) {
      event.preventDefault();
      if (!this.start || !this.end) {
        this.start = [x + width * 0.4, y + height * 0.4];
        this.end = [x + width * 0.6, y + height * 0.6];
        return;
      }
      const dx = (arrow[0] * width) / 20;
      const dy = (arrow[1] * height) / 20;
      const clampX = (v: number) => Math.min(x + width, Math.max(x, v));
      const clampY = (v: number) => Math.min(y + height, Math.max(y, v));
      if (event.shiftKey) {
        this.end = [clampX(this.end[0] + dx), clampY(this.end[1] + dy)];
      } else {
        // Move the whole box, as far as the area allows.
        const r = this.rect!;
        const mx = Math.min(x + width - (r.x + r.width), Math.max(x - r.x, dx));
        const my = Math.min(y + height - (r.y + r.height), Math.max(y - r.y, dy));
        this.start = [this.start[0] + mx, this.start[1] + my];
        this.end = [this.end[0] + mx, this.end[1] + my];
      }
    } else if (event.key === 'Enter' && this.start && this.end) {
      event.preventDefault();
      const [a, b] = [this.start, this.end];
      this.start = this.end = null;
      if (Math.abs(a[0] - b[0]) > 0 && Math.abs(a[1] - b[1]) > 0) this.onend(a, b);
    } else if (event.key === 'Escape' && this.start) {
      event.preventDefault();
      this.start = this.end = null;
    }
  };
  /** Leaving the chart by Tab drops an unapplied keyboard box. */
  blur = () => {
    if (!this.dragging) this.start = this.end = null;
  };
}
