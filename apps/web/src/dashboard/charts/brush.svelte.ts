/**
 * Rectangle selection on an <svg> in its own viewBox units: pointer down, drag, up. The chart
 * draws `brush.rect` while dragging and gets the final rectangle in `onend`.
 */
export class Brush {
  start = $state<[number, number] | null>(null);
  end = $state<[number, number] | null>(null);

  constructor(private readonly onend: (a: [number, number], b: [number, number]) => void) {}

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
    this.start = this.point(event);
    this.end = this.start;
  };
  move = (event: PointerEvent) => {
    if (this.start) this.end = this.point(event);
  };
  up = (event: PointerEvent) => {
    if (!this.start) return;
    const a = this.start;
    const b = this.point(event);
    this.start = this.end = null;
    // A click without a drag is not a selection.
    if (Math.abs(a[0] - b[0]) > 3 || Math.abs(a[1] - b[1]) > 3) this.onend(a, b);
  };
}
