// The hand-written label PDF: file structure a PDF reader relies on (header, cross-reference
// offsets, trailer), the Code 128 encoding against values computed by hand, bars that decode back to
// the tracking number, and the text encoding (WinAnsi, escapes, control characters).
import { spawnSync } from 'node:child_process';

import {
  A6,
  CODE128_PATTERNS,
  code128Values,
  pdfString,
  renderLabelPdf,
  toWinAnsi,
  type LabelInput,
} from '../../src/adapters/shipping/label-pdf';

const warehouse = { name: 'Returmottak Økern', line1: 'Brobekkveien 80', postalCode: '0582', city: 'Oslo', country: 'NO' };
const customer = { name: 'Kari Nordmann', line1: 'Storgata 12', line2: 'Leil. H0301', postalCode: '9008', city: 'Tromsø', country: 'NO' };

function label(overrides: Partial<LabelInput> = {}): Buffer {
  return renderLabelPdf({
    serviceNumber: 'RMA-7K3Q9XDM2PHT',
    trackingNumber: '708433596387553442',
    direction: 'outbound',
    from: warehouse,
    to: customer,
    sku: 'IPH-15-128-BLK',
    productName: 'iPhone 15 128 GB Black',
    createdAt: Date.parse('2026-11-23T09:14:00Z'),
    ...overrides,
  });
}

/** The page's content stream, checked against its /Length. */
function contentStream(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const m = /6 0 obj\n<< \/Length (\d+) >>\nstream\n/.exec(text);
  if (!m) throw new Error('no content stream');
  const start = m.index + m[0].length;
  const end = text.indexOf('\nendstream', start);
  expect(end - start).toBe(Number(m[1]));
  return text.slice(start, end);
}

/** Text drawn on the page, in drawing order, decoded from WinAnsi. */
function drawnText(pdf: Buffer): string[] {
  const out: string[] = [];
  for (const m of contentStream(pdf).matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)) {
    const bytes: number[] = [];
    const s = m[1]!;
    for (let i = 0; i < s.length; i++) {
      if (s[i] !== '\\') bytes.push(s.charCodeAt(i));
      else if (/[0-7]/.test(s[i + 1]!)) {
        bytes.push(parseInt(s.slice(i + 1, i + 4), 8));
        i += 3;
      } else bytes.push(s.charCodeAt(++i));
    }
    out.push(Buffer.from(bytes).toString('latin1').replace(/\x97/g, '—').replace(/\x85/g, '…').replace(/\x95/g, '•'));
  }
  return out;
}

/** Reads the bars back: widths of bars and gaps in modules, grouped into symbols, looked up. */
function decodeBars(pdf: Buffer): number[] {
  const s = contentStream(pdf);
  const block = s.slice(s.indexOf('% code128'), s.indexOf('% end code128'));
  const bars = [...block.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re f/g)].map((m) => ({ x: Number(m[1]), w: Number(m[3]) }));
  const widths: number[] = [];
  bars.forEach((b, i) => {
    widths.push(b.w);
    if (i + 1 < bars.length) widths.push(bars[i + 1]!.x - (b.x + b.w));
  });
  const unit = Math.min(...widths);
  const modules = widths.map((w) => Math.round(w / unit));
  modules.forEach((m, i) => expect(Math.abs(m * unit - widths[i]!)).toBeLessThan(0.05));
  const values: number[] = [];
  for (let i = 0; i < modules.length; i += 6) {
    const group = modules.slice(i, i + 6 + (modules.length - i === 7 ? 1 : 0)).join('');
    values.push(CODE128_PATTERNS.indexOf(group));
    if (group.length === 7) break;
  }
  return values;
}

describe('Code 128', () => {
  it('has the standard patterns: 11 modules per symbol, 13 for stop, all distinct', () => {
    expect(CODE128_PATTERNS).toHaveLength(107);
    expect(new Set(CODE128_PATTERNS).size).toBe(107);
    for (const p of CODE128_PATTERNS.slice(0, 106)) expect([...p].reduce((a, b) => a + Number(b), 0)).toBe(11);
    // Spot checks against ISO/IEC 15417, table 1.
    expect(CODE128_PATTERNS[0]).toBe('212222'); // space / 00
    expect(CODE128_PATTERNS[33]).toBe('111323'); // 'A'
    expect(CODE128_PATTERNS[99]).toBe('113141'); // Code C
    expect(CODE128_PATTERNS[100]).toBe('114131'); // Code B
    expect(CODE128_PATTERNS[104]).toBe('211214'); // Start B
    expect(CODE128_PATTERNS[105]).toBe('211232'); // Start C
    expect(CODE128_PATTERNS[106]).toBe('2331112'); // Stop
  });

  // Checksum = (start + Σ position × value) mod 103, positions counted from 1 after the start.
  it.each([
    // Start C, 12, 34; 105 + 1·12 + 2·34 = 185 ≡ 82
    ['1234', [105, 12, 34, 82, 106]],
    // Start B, A=33, B=34, C=35; 104 + 33 + 68 + 105 = 310 ≡ 1
    ['ABC', [104, 33, 34, 35, 1, 106]],
    // Odd digit count: pairs in C, the last digit after Code B; 105 + 12 + 68 + 300 + 84 = 569 ≡ 54
    ['12345', [105, 12, 34, 100, 21, 54, 106]],
    // A sandbox tracking number, all set C:
    // 105 + 70 + 2·84 + 3·33 + 4·59 + 5·63 + 6·87 + 7·55 + 8·34 + 9·42 = 2550 ≡ 78
    ['708433596387553442', [105, 70, 84, 33, 59, 63, 87, 55, 34, 42, 78, 106]],
    // A 17-digit Bring consignment number: 8 pairs, then Code B and '1' (17);
    // 105 + 70 + 86 + 243 + 4 + 130 + 522 + 322 + 344 + 900 + 170 = 2896 ≡ 12
    ['70438101268746431', [105, 70, 43, 81, 1, 26, 87, 46, 43, 100, 17, 12, 106]],
    // Letters in B, then the trailing digit run in C; 104 + 33 + 68 + 39 + 396 + 60 + 204 + 392 + 624 = 1920 ≡ 66
    ['AB-12345678', [104, 33, 34, 13, 99, 12, 34, 56, 78, 66, 106]],
  ])('encodes %s', (text, values) => {
    expect(code128Values(text)).toEqual(values);
  });

  it('refuses characters set B cannot carry', () => {
    expect(() => code128Values('70Ø1')).toThrow(/cannot encode/);
    expect(() => code128Values('')).toThrow();
  });
});

describe('label PDF', () => {
  it('is a well-formed PDF 1.4 whose cross-reference offsets point at their objects', () => {
    const pdf = label();
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n%')).toBe(true);
    expect(pdf[10]! >= 128 && pdf[11]! >= 128).toBe(true); // binary marker comment
    expect(text.endsWith('%%EOF\n')).toBe(true);

    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref))!.map(Number) as number[];
    expect(first).toBe(0);
    const table = text.slice(startxref + `xref\n0 ${count}\n`.length);
    const entries = Array.from({ length: count! }, (_, i) => table.slice(i * 20, i * 20 + 20));
    expect(entries[0]).toBe('0000000000 65535 f \n');
    entries.slice(1).forEach((e, i) => {
      expect(e).toMatch(/^\d{10} 00000 n \n$/);
      const offset = Number(e.slice(0, 10));
      expect(text.slice(offset, offset + `${i + 1} 0 obj\n`.length)).toBe(`${i + 1} 0 obj\n`);
    });
    expect(table.slice(count! * 20)).toMatch(new RegExp(`^trailer\\n<< /Size ${count} /Root 1 0 R /Info ${count! - 1} 0 R >>\\n`));
    expect(text).toContain(`/MediaBox [0 0 ${(Math.round(A6.width * 100) / 100).toString()} ${(Math.round(A6.height * 100) / 100).toString()}]`);
    expect(text).toContain('/BaseFont /Helvetica /Encoding /WinAnsiEncoding');
    expect(text).toContain('/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding');
    expect(text).toContain('/CreationDate (D:20261123091400Z)');
  });

  it('draws the tracking number as Code 128 bars, with the number under them', () => {
    const pdf = label();
    expect(decodeBars(pdf)).toEqual([105, 70, 84, 33, 59, 63, 87, 55, 34, 42, 78, 106]);
    const texts = drawnText(pdf);
    expect(texts).toContain('708433596387553442');

    const bring = label({ trackingNumber: '70438101268746431' });
    expect(decodeBars(bring)).toEqual([105, 70, 43, 81, 1, 26, 87, 46, 43, 100, 17, 12, 106]);
  });

  it('prints direction, carrier, service number and both addresses, sender first', () => {
    const outbound = drawnText(label({ carrier: 'Bring' }));
    expect(outbound.slice(0, 2)).toEqual(['BRING', 'OUTBOUND']);
    expect(outbound).toEqual(expect.arrayContaining(['RMA-7K3Q9XDM2PHT', 'IPH-15-128-BLK · iPhone 15 128 GB Black', '9008 TROMSØ']));
    expect(outbound.indexOf('Returmottak Økern')).toBeLessThan(outbound.indexOf('TO'));
    expect(outbound.indexOf('Kari Nordmann')).toBeGreaterThan(outbound.indexOf('TO'));

    const ret = drawnText(label({ direction: 'return', from: customer, to: warehouse }));
    expect(ret[1]).toBe('RETURN — prepaid');
    expect(ret.indexOf('Kari Nordmann')).toBeLessThan(ret.indexOf('TO'));
    expect(ret.indexOf('Returmottak Økern')).toBeGreaterThan(ret.indexOf('TO'));
  });

  it('writes Norwegian letters in WinAnsi, escapes PDF string syntax and drops control characters', () => {
    expect(toWinAnsi('æøåÆØÅ—€')).toEqual([0xe6, 0xf8, 0xe5, 0xc6, 0xd8, 0xc5, 0x97, 0x80]);
    expect(toWinAnsi('a\u030a')).toEqual([0xe5]); // decomposed å
    expect(toWinAnsi('☃')).toEqual([0x3f]);
    expect(pdfString('Kari (c/o Åse) \\ 2')).toBe('(Kari \\(c/o \\305se\\) \\\\ 2)');
    expect(pdfString('a\nb\u0000c\u009fd\te')).toBe('(abcde)');

    const pdf = label({ to: { ...customer, name: 'Ola (Nord)\r\nmann\\', line1: 'Ærlighetsveien 1)' } });
    const stream = contentStream(pdf);
    expect(stream).toContain('(Ola \\(Nord\\)mann\\\\) Tj');
    expect(stream).toContain('(\\306rlighetsveien 1\\)) Tj');
    expect(/[^\x0a\x20-\x7e]/.test(stream)).toBe(false); // the stream stays 7-bit
  });

  it('keeps long lines inside the label', () => {
    const long = 'Aslaksen-Kristoffersen Eiendomsforvaltning og Utleie AS avdeling Nord-Trøndelag';
    const texts = drawnText(label({ to: { ...customer, name: long } }));
    const shown = texts.find((t) => t.startsWith('Aslaksen'))!;
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.length).toBeLessThan(long.length);
  });

  it('renders the same bytes for the same input', () => {
    expect(label().equals(label())).toBe(true);
  });

  const poppler = spawnSync('pdftotext', ['-v']).status === 0;
  (poppler ? it : it.skip)('reads back with poppler when it is installed', () => {
    const r = spawnSync('pdftotext', ['-layout', '-', '-'], { input: label({ direction: 'return', from: customer, to: warehouse }) });
    expect(r.status).toBe(0);
    const out = r.stdout.toString('utf8');
    expect(out).toContain('RETURN — prepaid');
    expect(out).toContain('9008 TROMSØ');
    expect(out).toContain('Returmottak Økern');
    expect(out).toContain('708433596387553442');
  });
});
