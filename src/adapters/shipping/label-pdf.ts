// A6 shipping label as a hand-written PDF 1.4: one page, the two standard Helvetica faces (no
// embedded fonts, so any viewer or label printer driver can render it) and a Code 128 barcode
// drawn as filled rectangles. Output is deterministic for a given input (no random /ID, dates come
// from `createdAt`), so a label can be re-rendered on demand instead of being stored.
import { osloLocalDateTime } from '../../domain/calendar';
import type { Address } from '../../domain/types';

/** Labels print the domain's address shape as is. */
export type LabelAddress = Address;

export interface LabelInput {
  serviceNumber: string;
  trackingNumber: string;
  direction: 'outbound' | 'return';
  from: LabelAddress;
  to: LabelAddress;
  sku: string;
  productName?: string;
  /** Epoch ms or Date; printed on the label and used as the PDF's creation date. */
  createdAt: number | Date;
  /** Printed in the header band. */
  carrier?: string;
}

// ---- Code 128 ------------------------------------------------------------------------------------

/**
 * Bar/space widths (in modules) of symbol values 0–106, from ISO/IEC 15417. Each symbol is
 * bar, space, bar, space, bar, space (11 modules); 106 is the stop pattern with its trailing bar
 * (13 modules).
 */
export const CODE128_PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

export const CODE128 = { START_B: 104, START_C: 105, CODE_B: 100, CODE_C: 99, STOP: 106 } as const;

function digitRun(text: string, from: number): number {
  let n = 0;
  while (from + n < text.length && text.charCodeAt(from + n) >= 48 && text.charCodeAt(from + n) <= 57) n += 1;
  return n;
}

/**
 * Symbol values for `text`: start code, data, checksum, stop. Digits are packed two per symbol
 * (code set C) wherever that makes the barcode shorter; everything else uses code set B, which
 * covers printable ASCII. Throws on characters code set B cannot carry.
 */
export function code128Values(text: string): number[] {
  if (text.length === 0) throw new Error('Code 128: nothing to encode');
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch.length !== 1 || c < 32 || c > 126) throw new Error(`Code 128 set B cannot encode ${JSON.stringify(ch)}`);
  }
  // Set C pays off for a run of 4+ digits at the start or end, or 6+ in the middle.
  const worthC = (i: number) => {
    const run = digitRun(text, i);
    const atEdge = i === 0 || i + run === text.length;
    return run >= (atEdge ? 4 : 6) || (run === text.length && run >= 2 && run % 2 === 0);
  };
  const values: number[] = [];
  let set: 'B' | 'C';
  let i = 0;
  if (worthC(0)) {
    set = 'C';
    values.push(CODE128.START_C);
  } else {
    set = 'B';
    values.push(CODE128.START_B);
  }
  while (i < text.length) {
    if (set === 'C') {
      if (digitRun(text, i) >= 2) {
        values.push(Number(text.slice(i, i + 2)));
        i += 2;
        continue;
      }
      set = 'B';
      values.push(CODE128.CODE_B);
      continue;
    }
    const run = digitRun(text, i);
    if (worthC(i) && run % 2 === 0) {
      set = 'C';
      values.push(CODE128.CODE_C);
      continue;
    }
    // An odd run worth packing: send its first digit in B, then switch for the even remainder.
    values.push(text.charCodeAt(i) - 32);
    i += 1;
  }
  let sum = values[0]!;
  for (let k = 1; k < values.length; k++) sum += k * values[k]!;
  values.push(sum % 103, CODE128.STOP);
  return values;
}

/** Module widths of the whole symbol, alternating bar/space and starting with a bar. */
export function code128Modules(text: string): number[] {
  return code128Values(text).flatMap((v) => [...CODE128_PATTERNS[v]!].map(Number));
}

// ---- text: WinAnsiEncoding and Helvetica metrics ---------------------------------------------------

// Code points 0x80–0x9F of WinAnsiEncoding (PDF 32000-1, Annex D); 0xA0–0xFF are Latin-1 as is.
const WIN_ANSI_HIGH: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
  'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
  '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

/**
 * Unicode → WinAnsi byte codes. Control characters are dropped (they would corrupt the layout or,
 * in a PDF string, the syntax); anything WinAnsi lacks becomes '?'.
 */
export function toWinAnsi(text: string): number[] {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) continue;
    if (c < 0x7f || (c >= 0xa0 && c <= 0xff)) out.push(c);
    else out.push(WIN_ANSI_HIGH[ch] ?? 0x3f);
  }
  return out;
}

/** A PDF literal string; non-ASCII bytes as octal escapes so the content stream stays 7-bit. */
export function pdfString(text: string): string {
  let s = '(';
  for (const b of toWinAnsi(text)) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x80) s += `\\${b.toString(8).padStart(3, '0')}`;
    else s += String.fromCharCode(b);
  }
  return `${s})`;
}

type Font = 'F1' | 'F2'; // Helvetica, Helvetica-Bold

// Advance widths (1/1000 em) of codes 32–126, from Adobe's core-font AFM files.
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
  278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
  611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,
  556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const HELVETICA_BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
  333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667,
  611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889,
  611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];
// The non-ASCII letters Nordic addresses use; other high codes fall back to an average width.
const HIGH_WIDTHS: Record<number, [number, number]> = {
  0xc5: [667, 722], 0xc6: [1000, 1000], 0xd8: [778, 778], 0xe5: [556, 556], 0xe6: [889, 889], 0xf8: [611, 611],
  0xc4: [667, 722], 0xd6: [778, 778], 0xdc: [722, 722], 0xe4: [556, 556], 0xf6: [556, 611], 0xfc: [556, 611],
  0xc9: [667, 667], 0xe9: [556, 556], 0x97: [1000, 1000], 0x96: [556, 556], 0x85: [1000, 1000], 0xb7: [278, 278],
};

export function textWidth(text: string, font: Font, size: number): number {
  let units = 0;
  for (const b of toWinAnsi(text)) {
    if (b >= 32 && b <= 126) units += (font === 'F2' ? HELVETICA_BOLD : HELVETICA)[b - 32]!;
    else units += HIGH_WIDTHS[b]?.[font === 'F2' ? 1 : 0] ?? 600;
  }
  return (units * size) / 1000;
}

/** Shrinks to at most `minSize`, then truncates with an ellipsis, so text never leaves its box. */
function fit(text: string, font: Font, size: number, maxWidth: number, minSize = size * 0.7): { text: string; size: number } {
  let s = size;
  while (s > minSize && textWidth(text, font, s) > maxWidth) s -= 0.5;
  if (textWidth(text, font, s) <= maxWidth) return { text, size: s };
  let t = text;
  while (t.length > 1 && textWidth(`${t}…`, font, s) > maxWidth) t = t.slice(0, -1);
  return { text: `${t.trimEnd()}…`, size: s };
}

// ---- page layout -----------------------------------------------------------------------------------

const MM = 72 / 25.4;
export const A6 = { width: 105 * MM, height: 148 * MM } as const;
const MARGIN = 14;
const BAR_HEIGHT = 72;
const QUIET_ZONE_MODULES = 10;

const COUNTRY_NAMES: Record<string, string> = { NO: 'NORWAY', SE: 'SWEDEN', DK: 'DENMARK', FI: 'FINLAND', IS: 'ICELAND' };

const n = (v: number) => (Math.round(v * 100) / 100).toString();

class Content {
  readonly ops: string[] = [];
  text(x: number, y: number, font: Font, size: number, s: string) {
    this.ops.push(`BT /${font} ${n(size)} Tf ${n(x)} ${n(y)} Td ${pdfString(s)} Tj ET`);
  }
  /** Text that fits `maxWidth`, aligned left, right or centred on `x`. */
  fitted(x: number, y: number, font: Font, size: number, s: string, maxWidth: number, align: 'left' | 'right' | 'center' = 'left') {
    const f = fit(s, font, size, maxWidth);
    const w = textWidth(f.text, font, f.size);
    const left = align === 'left' ? x : align === 'right' ? x - w : x - w / 2;
    this.text(left, y, font, f.size, f.text);
    return f.size;
  }
  rect(x: number, y: number, w: number, h: number) {
    this.ops.push(`${n(x)} ${n(y)} ${n(w)} ${n(h)} re f`);
  }
  line(x1: number, y1: number, x2: number, y2: number, width = 0.8) {
    this.ops.push(`${n(width)} w ${n(x1)} ${n(y1)} m ${n(x2)} ${n(y2)} l S`);
  }
  raw(op: string) {
    this.ops.push(op);
  }
}

function addressLines(a: LabelAddress): string[] {
  const lines = [a.name, a.line1];
  if (a.line2?.trim()) lines.push(a.line2);
  lines.push(`${a.postalCode} ${a.city.toUpperCase()}`);
  lines.push(COUNTRY_NAMES[a.country.toUpperCase()] ?? a.country.toUpperCase());
  return lines.map((l) => l.trim()).filter((l) => l.length > 0);
}

function osloDate(at: Date): string {
  // YYYY-MM-DD HH:mm: the unambiguous form for warehouse staff.
  return osloLocalDateTime(at.getTime()).slice(0, 16).replace('T', ' ');
}

function pdfDate(at: Date): string {
  const p = (v: number) => String(v).padStart(2, '0');
  return `D:${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}Z`;
}

function drawBarcode(c: Content, value: string, yBottom: number) {
  const modules = code128Modules(value);
  const total = modules.reduce((a, b) => a + b, 0) + 2 * QUIET_ZONE_MODULES;
  const width = A6.width - 2 * MARGIN;
  const module = width / total;
  let x = MARGIN + QUIET_ZONE_MODULES * module;
  // Marked so the bars can be found (and decoded) in the content stream.
  c.raw(`% code128 ${value.replace(/[^\x20-\x7e]/g, '?')}`);
  c.raw('q 0 g');
  modules.forEach((m, i) => {
    if (i % 2 === 0) c.rect(x, yBottom, m * module, BAR_HEIGHT);
    x += m * module;
  });
  c.raw('Q');
  c.raw('% end code128');
}

function pageContent(input: LabelInput): string {
  const W = A6.width;
  const H = A6.height;
  const inner = W - 2 * MARGIN;
  const c = new Content();
  const created = new Date(input.createdAt);

  // Header band: carrier and direction, reversed out of black so it reads at a glance.
  const band = 40;
  c.raw('0 g');
  c.rect(0, H - band, W, band);
  c.raw('1 g');
  const tag = input.direction === 'return' ? 'RETURN — prepaid' : 'OUTBOUND';
  const tagWidth = textWidth(tag, 'F2', 12);
  c.fitted(MARGIN, H - 25, 'F2', 15, (input.carrier ?? 'Sandbox Carrier').toUpperCase(), inner - tagWidth - 10);
  c.fitted(W - MARGIN, H - 25, 'F2', 12, tag, inner / 2, 'right');
  c.raw('0 g');

  // Sender, small.
  let y = H - band - 14;
  c.text(MARGIN, y, 'F2', 7, 'FROM');
  y -= 10;
  for (const l of addressLines(input.from)) {
    c.fitted(MARGIN, y, 'F1', 8.5, l, inner);
    y -= 10;
  }
  y += 4;
  c.line(MARGIN, y, W - MARGIN, y);

  // Recipient, large: this is what the sorting staff read.
  y -= 14;
  c.text(MARGIN, y, 'F2', 7, 'TO');
  y -= 15;
  addressLines(input.to).forEach((l, i) => {
    c.fitted(MARGIN + 8, y, i === 0 ? 'F2' : 'F1', i === 0 ? 13 : 12, l, inner - 8);
    y -= 15;
  });
  if (input.to.phone?.trim()) {
    c.fitted(MARGIN + 8, y, 'F1', 9, `Tel. ${input.to.phone.trim()}`, inner - 8);
    y -= 12;
  }
  y += 6;
  c.line(MARGIN, y, W - MARGIN, y, 1.5);

  // Service number in large type: warehouse staff match the parcel to the replacement by it.
  y -= 13;
  c.text(MARGIN, y, 'F2', 7, 'SERVICE NO.');
  y -= 26;
  c.fitted(MARGIN, y, 'F2', 26, input.serviceNumber, inner, 'left');
  y -= 14;
  const product = input.productName?.trim() ? `${input.sku} · ${input.productName.trim()}` : input.sku;
  c.fitted(MARGIN, y, 'F1', 8.5, product, inner);

  // Barcode with the human-readable number under it.
  const barBottom = 52;
  drawBarcode(c, input.trackingNumber, barBottom);
  c.fitted(W / 2, barBottom - 13, 'F1', 10, input.trackingNumber, inner, 'center');

  // Footer.
  const footer =
    input.direction === 'return'
      ? 'Postage paid by the merchant. Hand in at any post office or parcel point.'
      : 'Express replacement: send the original unit back with the prepaid return label.';
  c.fitted(MARGIN, 22, 'F1', 6.5, footer, inner);
  c.fitted(MARGIN, 13, 'F1', 6.5, `Created ${osloDate(created)} (Oslo)`, inner);
  return c.ops.join('\n') + '\n';
}

/** Renders the label; the result is a complete PDF file. */
export function renderLabelPdf(input: LabelInput): Buffer {
  const created = new Date(input.createdAt);
  if (Number.isNaN(created.getTime())) throw new Error('renderLabelPdf: createdAt is not a valid date');
  code128Values(input.trackingNumber); // fail before layout on an unencodable number

  const content = pageContent(input);
  const title = `${input.direction === 'return' ? 'Return' : 'Shipping'} label ${input.trackingNumber} (${input.serviceNumber})`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${n(A6.width)} ${n(A6.height)}] ` +
      '/Resources << /Font << /F1 4 0 R /F2 5 0 R >> /ProcSet [/PDF /Text] >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    // The end of line before `endstream` is not part of the stream's /Length.
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    `<< /Title ${pdfString(title)} /Creator ${pdfString('express-replacement')} /CreationDate ${pdfString(pdfDate(created))} >>`,
  ];

  // The second line's high bytes tell transfer tools the file is binary (PDF 32000-1, 7.5.2).
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
    chunks.push(chunk);
    offset += chunk.length;
  });
  const xrefAt = offset;
  // Each cross-reference entry is exactly 20 bytes, including its two-byte end of line.
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  chunks.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}
