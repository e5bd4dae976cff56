// A6 shipping label: one page drawn with pdf-lib in the two standard Helvetica faces (no embedded
// fonts, so any viewer or label printer driver can render it) and a Code 128 barcode from bwip-js,
// drawn as vector bars so it stays sharp at any printer resolution. Output is deterministic for a
// given input (no /ID, dates come from `createdAt`), so a label can be re-rendered on demand
// instead of being stored.
import bwipjs from 'bwip-js';
import {
  PDFDocument,
  PDFHeader,
  StandardFonts,
  beginMarkedContent,
  endMarkedContent,
  fill,
  grayscale,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingGrayscaleColor,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';

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

/**
 * Module widths of the Code 128 symbol for `text`, alternating bar/space and starting with a bar.
 * Only printable ASCII is accepted: bwip-js would carry other Latin-1 letters through FNC4, which
 * carriers' scanners do not reliably read.
 */
export function code128Modules(text: string): number[] {
  if (text.length === 0) throw new Error('Code 128: nothing to encode');
  const bad = [...text].find((ch) => ch.length !== 1 || ch.charCodeAt(0) < 32 || ch.charCodeAt(0) > 126);
  if (bad !== undefined) throw new Error(`Code 128 set B cannot encode ${JSON.stringify(bad)}`);
  const [symbol] = bwipjs.raw('code128', text, {});
  if (!symbol || !('sbs' in symbol)) throw new Error('Code 128: bwip-js returned no bars');
  return symbol.sbs;
}

const encodable = new WeakMap<PDFFont, Set<number>>();

/**
 * Text as the label can show it: NFC (so a decomposed å is one letter), control characters dropped
 * (they would break the layout), anything the font's WinAnsi encoding lacks shown as '?'.
 */
function printable(text: string, font: PDFFont): string {
  let known = encodable.get(font);
  if (!known) encodable.set(font, (known = new Set(font.getCharacterSet())));
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) continue;
    out += known.has(c) ? ch : '?';
  }
  return out;
}

// ---- page layout -----------------------------------------------------------------------------------

const MM = 72 / 25.4;
export const A6 = { width: 105 * MM, height: 148 * MM } as const;
const MARGIN = 14;
const BAR_HEIGHT = 72;
const QUIET_ZONE_MODULES = 10;

const COUNTRY_NAMES: Record<string, string> = { NO: 'NORWAY', SE: 'SWEDEN', DK: 'DENMARK', FI: 'FINLAND', IS: 'ICELAND' };

type Align = 'left' | 'right' | 'center';

/** The page with its two faces, and text placement that never leaves its box. */
class Sheet {
  private font: PDFFont | undefined;

  constructor(
    readonly page: PDFPage,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {}

  /** Shrinks to at most `minSize`, then truncates with an ellipsis. */
  private fit(raw: string, font: PDFFont, size: number, maxWidth: number, minSize = size * 0.7) {
    const text = printable(raw, font);
    const width = (t: string, s: number) => font.widthOfTextAtSize(t, s);
    let s = size;
    while (s > minSize && width(text, s) > maxWidth) s -= 0.5;
    if (width(text, s) <= maxWidth) return { text, size: s };
    let t = text;
    while (t.length > 1 && width(`${t}…`, s) > maxWidth) t = t.slice(0, -1);
    return { text: `${t.trimEnd()}…`, size: s };
  }

  /** Text that fits `maxWidth`, aligned left, right or centred on `x`. */
  text(x: number, y: number, font: PDFFont, size: number, s: string, maxWidth: number, align: Align = 'left', gray = 0) {
    const f = this.fit(s, font, size, maxWidth);
    const w = font.widthOfTextAtSize(f.text, f.size);
    const left = align === 'left' ? x : align === 'right' ? x - w : x - w / 2;
    // Passing the font to drawText would add a font resource per call; switch only on a change.
    if (this.font !== font) this.page.setFont((this.font = font));
    this.page.drawText(f.text, { x: left, y, size: f.size, color: grayscale(gray) });
  }

  line(x1: number, y1: number, x2: number, y2: number, thickness = 0.8) {
    this.page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness, color: grayscale(0) });
  }

  /** Bars as plain filled rectangles, in a marked-content section so they can be found again. */
  barcode(value: string, yBottom: number) {
    const modules = code128Modules(value);
    const total = modules.reduce((a, b) => a + b, 0) + 2 * QUIET_ZONE_MODULES;
    const module = (A6.width - 2 * MARGIN) / total;
    const ops = [pushGraphicsState(), beginMarkedContent('Code128'), setFillingGrayscaleColor(0)];
    let x = MARGIN + QUIET_ZONE_MODULES * module;
    modules.forEach((m, i) => {
      if (i % 2 === 0) ops.push(rectangle(x, yBottom, m * module, BAR_HEIGHT));
      x += m * module;
    });
    ops.push(fill(), endMarkedContent(), popGraphicsState());
    this.page.pushOperators(...ops);
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

function drawLabel(sheet: Sheet, input: LabelInput, created: Date) {
  const { regular, bold } = sheet;
  const W = A6.width;
  const H = A6.height;
  const inner = W - 2 * MARGIN;

  // Header band: carrier and direction, reversed out of black so it reads at a glance.
  const band = 40;
  sheet.page.drawRectangle({ x: 0, y: H - band, width: W, height: band, color: grayscale(0) });
  const tag = input.direction === 'return' ? 'RETURN — prepaid' : 'OUTBOUND';
  const tagWidth = bold.widthOfTextAtSize(tag, 12);
  sheet.text(MARGIN, H - 25, bold, 15, (input.carrier ?? 'Sandbox Carrier').toUpperCase(), inner - tagWidth - 10, 'left', 1);
  sheet.text(W - MARGIN, H - 25, bold, 12, tag, inner / 2, 'right', 1);

  // Sender, small.
  let y = H - band - 14;
  sheet.text(MARGIN, y, bold, 7, 'FROM', inner);
  y -= 10;
  for (const l of addressLines(input.from)) {
    sheet.text(MARGIN, y, regular, 8.5, l, inner);
    y -= 10;
  }
  y += 4;
  sheet.line(MARGIN, y, W - MARGIN, y);

  // Recipient, large: this is what the sorting staff read.
  y -= 14;
  sheet.text(MARGIN, y, bold, 7, 'TO', inner);
  y -= 15;
  addressLines(input.to).forEach((l, i) => {
    sheet.text(MARGIN + 8, y, i === 0 ? bold : regular, i === 0 ? 13 : 12, l, inner - 8);
    y -= 15;
  });
  if (input.to.phone?.trim()) {
    sheet.text(MARGIN + 8, y, regular, 9, `Tel. ${input.to.phone.trim()}`, inner - 8);
    y -= 12;
  }
  y += 6;
  sheet.line(MARGIN, y, W - MARGIN, y, 1.5);

  // Service number in large type: warehouse staff match the parcel to the replacement by it.
  y -= 13;
  sheet.text(MARGIN, y, bold, 7, 'SERVICE NO.', inner);
  y -= 26;
  sheet.text(MARGIN, y, bold, 26, input.serviceNumber, inner);
  y -= 14;
  const product = input.productName?.trim() ? `${input.sku} · ${input.productName.trim()}` : input.sku;
  sheet.text(MARGIN, y, regular, 8.5, product, inner);

  // Barcode with the human-readable number under it.
  const barBottom = 52;
  sheet.barcode(input.trackingNumber, barBottom);
  sheet.text(W / 2, barBottom - 13, regular, 10, input.trackingNumber, inner, 'center');

  // Footer.
  const footer =
    input.direction === 'return'
      ? 'Postage paid by the merchant. Hand in at any post office or parcel point.'
      : 'Express replacement: send the original unit back with the prepaid return label.';
  sheet.text(MARGIN, 22, regular, 6.5, footer, inner);
  sheet.text(MARGIN, 13, regular, 6.5, `Created ${osloDate(created)} (Oslo)`, inner);
}

/** Renders the label; the result is a complete PDF file. */
export async function renderLabelPdf(input: LabelInput): Promise<Buffer> {
  const created = new Date(input.createdAt);
  if (Number.isNaN(created.getTime())) throw new Error('renderLabelPdf: createdAt is not a valid date');
  code128Modules(input.trackingNumber); // fail before layout on an unencodable number

  // No automatic producer or dates: those would make every rendering differ.
  const doc = await PDFDocument.create({ updateMetadata: false });
  // Nothing on the page needs more than PDF 1.4 once objects are written without object streams,
  // and old label printer drivers still look at the header.
  doc.context.header = PDFHeader.forVersion(1, 4);
  const page = doc.addPage([A6.width, A6.height]);
  const regular = doc.embedStandardFont(StandardFonts.Helvetica);
  const bold = doc.embedStandardFont(StandardFonts.HelveticaBold);
  drawLabel(new Sheet(page, regular, bold), input, created);

  doc.setTitle(`${input.direction === 'return' ? 'Return' : 'Shipping'} label ${input.trackingNumber} (${input.serviceNumber})`);
  doc.setCreator('express-replacement');
  doc.setCreationDate(created);
  return finished(await doc.save({ useObjectStreams: false }));
}

/**
 * pdf-lib always writes a 1.7 header, but without object streams nothing in the file is newer than
 * 1.4, the version old label printer drivers accept; the version digit changes in place, so no
 * offset moves. The end of line after %%EOF is what most writers add and some readers expect.
 */
function finished(bytes: Uint8Array): Buffer {
  const pdf = Buffer.from(bytes);
  if (pdf.subarray(0, 8).toString('latin1') !== '%PDF-1.7') throw new Error('renderLabelPdf: unexpected PDF header');
  pdf.write('4', 7, 'latin1');
  return Buffer.concat([pdf, Buffer.from('\n')]);
}
