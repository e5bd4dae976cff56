// Money rules. Amounts are integers in minor units (øre), VAT included (DESIGN §3, §5).
// Pure and deterministic: formatting is done by hand rather than with Intl so that emails,
// PDFs and snapshots never change with the ICU version of the runtime.

import type { Currency, Locale, MinorUnits } from './types';

/** A safe, non-negative integer amount in minor units. */
export function isMinorUnits(n: unknown): n is MinorUnits {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

export function assertMinorUnits(n: unknown, what: string): asserts n is MinorUnits {
  if (!isMinorUnits(n)) {
    throw new RangeError(`${what} must be a non-negative integer amount in minor units (øre), got ${String(n)}`);
  }
}

/** Integer division of a non-negative numerator, rounded half up. */
function divRoundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

function groupDigits(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * nb: `1 234,00 kr` (ASCII space as group separator), en: `NOK 1,234.00`.
 * Negative amounts (refund lines, corrections) get a leading `-`.
 */
export function formatMoney(minor: number, currency: Currency, locale: Locale): string {
  if (!Number.isSafeInteger(minor)) {
    throw new RangeError(`amount must be an integer in minor units, got ${String(minor)}`);
  }
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const major = Math.floor(abs / 100).toString();
  const cents = (abs % 100).toString().padStart(2, '0');
  if (locale === 'nb') {
    return `${sign}${groupDigits(major, ' ')},${cents} kr`;
  }
  return `${sign}${currency} ${groupDigits(major, ',')}.${cents}`;
}

/** The VAT part of a VAT-inclusive amount: gross × rate / (100 + rate), rounded half up. */
export function vatIncluded(gross: MinorUnits, ratePercent = 25): MinorUnits {
  assertMinorUnits(gross, 'gross amount');
  if (!Number.isSafeInteger(ratePercent) || ratePercent < 0) {
    throw new RangeError(`VAT rate must be a non-negative integer percent, got ${String(ratePercent)}`);
  }
  return divRoundHalfUp(gross * ratePercent, 100 + ratePercent);
}

/**
 * Labour billed per started 15 minutes (Printer Norge: "ned til 15 minutter"):
 * ceil(minutes / 15) quarter-hours at ratePerHour / 4 each, rounded half up once at the end
 * so a rate not divisible by 4 does not accumulate rounding per block.
 */
export function labourCharge(minutes: number, ratePerHour: MinorUnits): MinorUnits {
  if (!Number.isSafeInteger(minutes) || minutes <= 0) {
    throw new RangeError(`labour minutes must be a positive whole number of minutes, got ${String(minutes)}`);
  }
  assertMinorUnits(ratePerHour, 'labour rate per hour');
  const blocks = Math.ceil(minutes / 15);
  return divRoundHalfUp(blocks * ratePerHour, 4);
}
