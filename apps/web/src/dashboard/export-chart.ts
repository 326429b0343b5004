/**
 * Download a chart as SVG or PNG. Component styles are scoped classes, which a file outside the
 * page does not have, so the computed presentation properties are copied onto the clone.
 */
const PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity', 'font-size', 'font-family', 'font-weight', 'text-anchor', 'dominant-baseline'];

function inlined(svg: SVGSVGElement): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  src.forEach((el, i) => {
    const style = getComputedStyle(el);
    const target = dst[i] as SVGElement;
    target.setAttribute('style', PROPS.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';'));
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const box = svg.viewBox.baseVal;
  clone.setAttribute('width', String(box?.width || svg.clientWidth));
  clone.setAttribute('height', String(box?.height || svg.clientHeight));
  return clone;
}

function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The chart in `root`: its <svg>, with a heat map <canvas> (stones) drawn in underneath. */
function chartSvg(root: HTMLElement): SVGSVGElement {
  const svg = root.querySelector('svg')!;
  const clone = inlined(svg);
  const canvas = root.querySelector('canvas');
  if (canvas) {
    const image = document.createElementNS('http://www.w3.org/2000/svg', 'image');
    image.setAttribute('href', canvas.toDataURL('image/png'));
    for (const attr of ['x', 'y', 'width', 'height']) image.setAttribute(attr, canvas.dataset[attr] ?? '0');
    clone.insertBefore(image, clone.firstChild);
  }
  return clone;
}

export function downloadSvg(root: HTMLElement, name: string) {
  save(new Blob([new XMLSerializer().serializeToString(chartSvg(root))], { type: 'image/svg+xml' }), `${name}.svg`);
}

export async function downloadPng(root: HTMLElement, name: string) {
  const svg = chartSvg(root);
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    const scale = 2;
    canvas.width = width * scale;
    canvas.height = height * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('png'))), 'image/png'));
    save(blob, `${name}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function saveFile(blob: Blob, filename: string) {
  save(blob, filename);
}
