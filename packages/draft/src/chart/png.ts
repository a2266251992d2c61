/**
 * The chart's PNG fallback (for readers that do not draw SVG): the same boxes and lines rasterised, without
 * the names (no fonts are bundled; the table under the chart carries every name and share). A minimal PNG
 * encoder: 8-bit greyscale, filter 0, zlib from Node.
 */
import { deflateSync } from 'node:zlib';
import type { ChartLayout } from './layout.ts';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** greyscale pixels (0 black … 255 white), row by row, as a PNG file */
export function encodePng(width: number, height: number, grey: Uint8Array): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    raw.set(grey.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** the layout's boxes and lines on a white canvas */
export function chartPng(l: ChartLayout): Buffer {
  const { width, height } = l;
  const px = new Uint8Array(width * height).fill(255);
  const dot = (x: number, y: number, v: number) => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi >= 0 && yi >= 0 && xi < width && yi < height) px[yi * width + xi] = v;
  };
  const hline = (x0: number, x1: number, y: number, t: number) => {
    for (let x = Math.min(x0, x1); x <= Math.max(x0, x1); x++) for (let k = 0; k < t; k++) dot(x, y + k, 0);
  };
  const vline = (x: number, y0: number, y1: number, t: number) => {
    for (let y = Math.min(y0, y1); y <= Math.max(y0, y1); y++) for (let k = 0; k < t; k++) dot(x + k, y, 0);
  };
  for (const e of l.edges)
    for (let i = 1; i < e.points.length; i++) {
      const [a, b] = [e.points[i - 1]!, e.points[i]!];
      if (a[1] === b[1]) hline(a[0], b[0], a[1], 2);
      else vline(a[0], a[1], b[1], 2);
    }
  for (const b of l.boxes) {
    const t = b.root ? 3 : 2;
    hline(b.x, b.x + b.w, b.y, t);
    hline(b.x, b.x + b.w, b.y + b.h - t, t);
    vline(b.x, b.y, b.y + b.h, t);
    vline(b.x + b.w - t, b.y, b.y + b.h, t);
  }
  return encodePng(width, height, px);
}
