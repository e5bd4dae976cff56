// A refund amount as staff type it, in kroner, to øre exactly: parsed as digits, never through a
// float (0.1 + 0.2 must not become 30 øre), so what finance types is what the provider refunds.

export type KronerParse = { ok: true; minor: number } | { ok: false; problem: 'empty' | 'format' | 'decimals' | 'zero' | 'too_large' };

/** The largest amount accepted: far above any hold, well inside a safe integer. */
export const MAX_KRONER = 10_000_000;

/**
 * `300`, `300,50`, `300.5`, `1 234,00` (spaces or a no-break space as thousands groups) → øre.
 * At most two decimals; a leading `+`/`-`, a currency, or a second separator are refused.
 */
export function parseKroner(input: string): KronerParse {
  const s = input.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return { ok: false, problem: 'empty' };
  const m = /^(\d+)(?:[.,](\d*))?$/.exec(s);
  if (!m) return { ok: false, problem: 'format' };
  const [, whole, fraction = ''] = m;
  if (fraction.length > 2) return { ok: false, problem: 'decimals' };
  if (whole.replace(/^0+/, '').length > String(MAX_KRONER).length) return { ok: false, problem: 'too_large' };
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (minor > MAX_KRONER * 100) return { ok: false, problem: 'too_large' };
  if (minor === 0) return { ok: false, problem: 'zero' };
  return { ok: true, minor };
}
