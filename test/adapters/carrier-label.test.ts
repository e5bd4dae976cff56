// The label PDF: file structure a PDF reader relies on (header, cross-reference offsets, trailer),
// the Code 128 bars against values computed by hand, bars that decode back to the tracking number,
// and the text encoding (WinAnsi, PDF string syntax, control characters).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { A6, code128Modules, renderLabelPdf, type LabelInput } from '../../src/adapters/shipping/label-pdf';
import { contentStream, drawnBytes, drawnText, pdfObject } from './label-reader';

/**
 * Bar/space widths (in modules) of symbol values 0–106, from ISO/IEC 15417: the reference the bars
 * are read back against. Each symbol is bar, space, bar, space, bar, space (11 modules); 106 is the
 * stop pattern with its trailing bar (13 modules).
 */
const CODE128_PATTERNS: readonly string[] = [
  '212222',
  '222122',
  '222221',
  '121223',
  '121322',
  '131222',
  '122213',
  '122312',
  '132212',
  '221213',
  '221312',
  '231212',
  '112232',
  '122132',
  '122231',
  '113222',
  '123122',
  '123221',
  '223211',
  '221132',
  '221231',
  '213212',
  '223112',
  '312131',
  '311222',
  '321122',
  '321221',
  '312212',
  '322112',
  '322211',
  '212123',
  '212321',
  '232121',
  '111323',
  '131123',
  '131321',
  '112313',
  '132113',
  '132311',
  '211313',
  '231113',
  '231311',
  '112133',
  '112331',
  '132131',
  '113123',
  '113321',
  '133121',
  '313121',
  '211331',
  '231131',
  '213113',
  '213311',
  '213131',
  '311123',
  '311321',
  '331121',
  '312113',
  '312311',
  '332111',
  '314111',
  '221411',
  '431111',
  '111224',
  '111422',
  '121124',
  '121421',
  '141122',
  '141221',
  '112214',
  '112412',
  '122114',
  '122411',
  '142112',
  '142211',
  '241211',
  '221114',
  '413111',
  '241112',
  '134111',
  '111242',
  '121142',
  '121241',
  '114212',
  '124112',
  '124211',
  '411212',
  '421112',
  '421211',
  '212141',
  '214121',
  '412121',
  '111143',
  '111341',
  '131141',
  '114113',
  '114311',
  '411113',
  '411311',
  '113141',
  '114131',
  '311141',
  '411131',
  '211412',
  '211214',
  '211232',
  '2331112',
];

/** Module widths grouped into symbols and looked up: start code, data, checksum, stop. */
function symbolValues(modules: number[]): number[] {
  const values: number[] = [];
  for (let i = 0; i < modules.length; i += 6) {
    const group = modules.slice(i, i + 6 + (modules.length - i === 7 ? 1 : 0)).join('');
    values.push(CODE128_PATTERNS.indexOf(group));
    if (group.length === 7) break;
  }
  return values;
}

const warehouse = { name: 'Returmottak Økern', line1: 'Brobekkveien 80', postalCode: '0582', city: 'Oslo', country: 'NO' };
const customer = { name: 'Kari Nordmann', line1: 'Storgata 12', line2: 'Leil. H0301', postalCode: '9008', city: 'Tromsø', country: 'NO' };

function label(overrides: Partial<LabelInput> = {}): Promise<Buffer> {
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

/** The WinAnsi bytes a recipient name is drawn with (the first line after 'TO'). */
async function drawnAs(name: string): Promise<number[]> {
  const pdf = await label({ to: { ...customer, name } });
  return drawnBytes(pdf)[drawnText(pdf).indexOf('TO') + 1]!;
}

/** Reads the bars back: widths of bars and gaps in modules, grouped into symbols, looked up. */
function decodeBars(pdf: Buffer): number[] {
  const s = contentStream(pdf);
  const block = s.slice(s.indexOf('/Code128 BMC'), s.indexOf('EMC', s.indexOf('/Code128 BMC')));
  const bars = [...block.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re\n/g)].map((m) => ({ x: Number(m[1]), w: Number(m[3]) }));
  const widths: number[] = [];
  bars.forEach((b, i) => {
    widths.push(b.w);
    if (i + 1 < bars.length) widths.push(bars[i + 1]!.x - (b.x + b.w));
  });
  const unit = Math.min(...widths);
  const modules = widths.map((w) => Math.round(w / unit));
  modules.forEach((m, i) => expect(Math.abs(m * unit - widths[i]!)).toBeLessThan(0.05));
  return symbolValues(modules);
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
    expect(symbolValues(code128Modules(text))).toEqual(values);
  });

  it('refuses characters set B cannot carry', async () => {
    expect(() => code128Modules('70Ø1')).toThrow(/cannot encode/);
    expect(() => code128Modules('')).toThrow();
    await expect(label({ trackingNumber: '70Ø1' })).rejects.toThrow(/cannot encode/);
  });
});

describe('label PDF', () => {
  it('is a well-formed PDF 1.4 whose cross-reference offsets point at their objects', async () => {
    const pdf = await label();
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
    const trailer = /^\n*trailer\n<<\n\/Size (\d+)\n\/Root (\d+) 0 R\n\/Info (\d+) 0 R\n>>\n/.exec(table.slice(count! * 20));
    expect(trailer).not.toBeNull();
    const [size, root, info] = trailer!.slice(1).map(Number) as [number, number, number];
    expect(size).toBe(count);
    expect(pdfObject(pdf, root)).toMatch(/\/Type \/Catalog\n/);
    expect(pdfObject(pdf, info)).toContain('/CreationDate (D:20261123091400Z)');
    const mediaBox = /\/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]/.exec(text);
    expect(mediaBox!.slice(1).map((v) => Math.round(Number(v) * 100) / 100)).toEqual([A6.width, A6.height].map((v) => Math.round(v * 100) / 100));
    expect(text).toContain('/BaseFont /Helvetica\n/Encoding /WinAnsiEncoding');
    expect(text).toContain('/BaseFont /Helvetica-Bold\n/Encoding /WinAnsiEncoding');
    expect(text).toContain('/CreationDate (D:20261123091400Z)');
  });

  it('draws the tracking number as Code 128 bars, with the number under them', async () => {
    const pdf = await label();
    expect(decodeBars(pdf)).toEqual([105, 70, 84, 33, 59, 63, 87, 55, 34, 42, 78, 106]);
    const texts = drawnText(pdf);
    expect(texts).toContain('708433596387553442');

    const bring = await label({ trackingNumber: '70438101268746431' });
    expect(decodeBars(bring)).toEqual([105, 70, 43, 81, 1, 26, 87, 46, 43, 100, 17, 12, 106]);
  });

  it('prints direction, carrier, service number and both addresses, sender first', async () => {
    const outbound = drawnText(await label({ carrier: 'Bring' }));
    expect(outbound.slice(0, 2)).toEqual(['BRING', 'OUTBOUND']);
    expect(outbound).toEqual(expect.arrayContaining(['RMA-7K3Q9XDM2PHT', 'IPH-15-128-BLK · iPhone 15 128 GB Black', '9008 TROMSØ']));
    expect(outbound.indexOf('Returmottak Økern')).toBeLessThan(outbound.indexOf('TO'));
    expect(outbound.indexOf('Kari Nordmann')).toBeGreaterThan(outbound.indexOf('TO'));

    const ret = drawnText(await label({ direction: 'return', from: customer, to: warehouse }));
    expect(ret[1]).toBe('RETURN — prepaid');
    expect(ret.indexOf('Kari Nordmann')).toBeLessThan(ret.indexOf('TO'));
    expect(ret.indexOf('Returmottak Økern')).toBeGreaterThan(ret.indexOf('TO'));
  });

  it('writes Norwegian letters in WinAnsi, keeps PDF string syntax intact and drops control characters', async () => {
    expect(await drawnAs('æøåÆØÅ—€')).toEqual([0xe6, 0xf8, 0xe5, 0xc6, 0xd8, 0xc5, 0x97, 0x80]);
    expect(await drawnAs('a\u030a')).toEqual([0xe5]); // decomposed å
    expect(await drawnAs('☃')).toEqual([0x3f]);
    // Parentheses and backslashes are string syntax in PDF; they must arrive as plain characters.
    expect(Buffer.from(await drawnAs('Kari (c/o Åse) \\ 2')).toString('latin1')).toBe('Kari (c/o \xc5se) \\ 2');
    expect(Buffer.from(await drawnAs('a\nb\u0000c\u009fd\te')).toString('latin1')).toBe('abcde');

    const pdf = await label({ to: { ...customer, name: 'Ola (Nord)\r\nmann\\', line1: 'Ærlighetsveien 1)' } });
    const stream = contentStream(pdf);
    expect(drawnText(pdf)).toContain('Ola (Nord)mann\\');
    expect(drawnBytes(pdf)).toContainEqual([...Buffer.from('\xc6rlighetsveien 1)', 'latin1')]);
    // eslint-disable-next-line no-control-regex -- the newline is the one control byte allowed
    expect(/[^\x0a\x20-\x7e]/.test(stream)).toBe(false); // the stream stays 7-bit
  });

  it('keeps long lines inside the label', async () => {
    const long = 'Aslaksen-Kristoffersen Eiendomsforvaltning og Utleie AS avdeling Nord-Trøndelag';
    const texts = drawnText(await label({ to: { ...customer, name: long } }));
    const shown = texts.find((t) => t.startsWith('Aslaksen'))!;
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.length).toBeLessThan(long.length);
  });

  it('renders the same bytes for the same input', async () => {
    expect((await label()).equals(await label())).toBe(true);
  });

  const poppler = spawnSync('pdftotext', ['-v']).status === 0;
  (poppler ? it : it.skip)('reads back with poppler when it is installed', async () => {
    const r = spawnSync('pdftotext', ['-layout', '-', '-'], { input: await label({ direction: 'return', from: customer, to: warehouse }) });
    expect(r.status).toBe(0);
    const out = r.stdout.toString('utf8');
    expect(out).toContain('RETURN — prepaid');
    expect(out).toContain('9008 TROMSØ');
    expect(out).toContain('Returmottak Økern');
    expect(out).toContain('708433596387553442');
  });

  // What a scanner sees: the page rasterised at a label printer's resolution (203 dpi), decoded.
  const scanner = poppler && spawnSync('zbarimg', ['--version']).status === 0;
  (scanner ? it : it.skip)('scans back with zbarimg when it and poppler are installed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'label-scan-'));
    try {
      for (const trackingNumber of ['708433596387553442', '70438101268746431']) {
        writeFileSync(join(dir, 'label.pdf'), await label({ trackingNumber }));
        const raster = spawnSync('pdftoppm', ['-r', '203', '-png', '-singlefile', join(dir, 'label.pdf'), join(dir, 'label')]);
        expect(raster.status).toBe(0);
        const scan = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Scode128.enable', join(dir, 'label.png')]);
        expect(scan.status).toBe(0);
        expect(scan.stdout.toString('utf8').trim()).toBe(trackingNumber);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
