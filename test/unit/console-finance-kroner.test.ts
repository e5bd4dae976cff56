// Finance types refund amounts in kroner; the console sends øre. Exact, or refused with a reason.
import { MAX_KRONER, parseKroner, type KronerParse } from '../../web/src/console/finance/kroner';

describe('parseKroner', () => {
  it.each<[string, KronerParse]>([
    ['300', { ok: true, minor: 30_000 }],
    ['300,50', { ok: true, minor: 30_050 }],
    ['300.5', { ok: true, minor: 30_050 }],
    ['0,01', { ok: true, minor: 1 }],
    ['0.29', { ok: true, minor: 29 }],
    ['1 234,56', { ok: true, minor: 123_456 }],
    ['1\u00a0234,00', { ok: true, minor: 123_400 }],
    ['  75 ', { ok: true, minor: 7_500 }],
    ['12,', { ok: true, minor: 1_200 }],
    [String(MAX_KRONER), { ok: true, minor: MAX_KRONER * 100 }],
    ['', { ok: false, problem: 'empty' }],
    ['   ', { ok: false, problem: 'empty' }],
    ['1,005', { ok: false, problem: 'decimals' }],
    ['0.001', { ok: false, problem: 'decimals' }],
    ['-5', { ok: false, problem: 'format' }],
    ['+5', { ok: false, problem: 'format' }],
    ['5 kr', { ok: false, problem: 'format' }],
    ['1.234,50', { ok: false, problem: 'format' }],
    ['1e3', { ok: false, problem: 'format' }],
    [',50', { ok: false, problem: 'format' }],
    ['0', { ok: false, problem: 'zero' }],
    ['0,00', { ok: false, problem: 'zero' }],
    [String(MAX_KRONER + 1), { ok: false, problem: 'too_large' }],
    ['99999999999999999999', { ok: false, problem: 'too_large' }],
  ])('%j → %j', (input, expected) => {
    expect(parseKroner(input)).toEqual(expected);
  });
});
