// Reads a rendered label back: the page's content stream (its /Length checked, then inflated) and
// the strings drawn on it, decoded from WinAnsi.
import { inflateSync } from 'node:zlib';

/** The body of indirect object `n` (between `n 0 obj` and `endobj`). */
export function pdfObject(pdf: Buffer, n: number): string {
  const text = pdf.toString('latin1');
  const start = text.indexOf(`\n${n} 0 obj\n`);
  if (start < 0) throw new Error(`no object ${n}`);
  const bodyStart = start + `\n${n} 0 obj\n`.length;
  return text.slice(bodyStart, text.indexOf('\nendobj', bodyStart));
}

/** The page's content stream, checked against its /Length and decompressed. */
export function contentStream(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const contents = /\/Type \/Page\n[^]*?\/Contents \[ (\d+) 0 R \]/.exec(text);
  if (!contents) throw new Error('no page content stream');
  const body = pdfObject(pdf, Number(contents[1]));
  const m = /^<<\n\/Filter \/FlateDecode\n\/Length (\d+)\n>>\nstream\n/.exec(body);
  if (!m) throw new Error('content stream is not a Flate stream with a /Length');
  const start = text.indexOf(body) + m[0].length;
  const end = text.indexOf('\nendstream', start);
  expect(end - start).toBe(Number(m[1]));
  return inflateSync(pdf.subarray(start, end)).toString('latin1');
}

/** The WinAnsi bytes of each string shown on the page, in drawing order. */
export function drawnBytes(pdf: Buffer): number[][] {
  return [...contentStream(pdf).matchAll(/<([0-9A-Fa-f]*)> Tj/g)].map((m) => [...Buffer.from(m[1]!, 'hex')]);
}

/** Text drawn on the page, in drawing order, decoded from WinAnsi. */
export function drawnText(pdf: Buffer): string[] {
  return drawnBytes(pdf).map((bytes) => Buffer.from(bytes).toString('latin1').replace(/\x97/g, '—').replace(/\x85/g, '…').replace(/\x95/g, '•'));
}
