// A hand-drawn bar chart of money per day or week: one bar per kind in each period, a legend, and a
// label that points to the table with the same numbers (which is what a screen reader reads).
import { useI18n } from '../../i18n';
import { useWords } from '../words';
import type { SummaryBucket } from './finance-api';
import { FINANCE_MESSAGES } from './messages';

export const CHART_KINDS = ['authorized', 'captured', 'released', 'refunded'] as const;
type ChartKind = (typeof CHART_KINDS)[number];

/** At least 3:1 against white (WCAG 1.4.11) and apart from each other in lightness as well as hue. */
const COLOURS: Record<ChartKind, string> = { authorized: '#1d4f91', captured: '#b3261e', released: '#2e6b30', refunded: '#7a4fa3' };

const W = 720;
const H = 240;
const PAD = { top: 12, right: 8, bottom: 28, left: 104 }; // room for "NOK 1,234,567.00" on the axis

export function BarChart({ series, label, dayLabel }: { series: SummaryBucket[]; label: string; dayLabel(iso: string): string }) {
  const w = useWords(FINANCE_MESSAGES).summary;
  const { money } = useI18n();
  const max = Math.max(1, ...series.flatMap((b) => CHART_KINDS.map((k) => b[k])));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, series.length);
  const bar = Math.max(1, (slot * 0.8) / CHART_KINDS.length);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  // A label under every n-th period, so at most about twelve fit side by side.
  const every = Math.max(1, Math.ceil(series.length / 12));
  return (
    <figure className="finance-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
        <title>{label}</title>
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} stroke="#595959" />
        <line x1={PAD.left} x2={W - PAD.right} y1={y(max)} y2={y(max)} stroke="#d0d0d0" strokeDasharray="4 3" />
        <text x={PAD.left - 4} y={y(max) + 4} textAnchor="end" fontSize="11" fill="#333">
          {money(max)}
        </text>
        <text x={PAD.left - 4} y={y(0) + 4} textAnchor="end" fontSize="11" fill="#333">
          0
        </text>
        {series.map((b, i) => (
          <g key={b.start}>
            {CHART_KINDS.map((k, j) => (
              <rect key={k} x={PAD.left + i * slot + slot * 0.1 + j * bar} y={y(b[k])} width={bar} height={y(0) - y(b[k])} fill={COLOURS[k]} />
            ))}
            {i % every === 0 ? (
              <text x={PAD.left + i * slot + slot / 2} y={H - 8} textAnchor="middle" fontSize="11" fill="#333">
                {dayLabel(b.start)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <figcaption>
        <span className="finance-vh">{w.legend}: </span>
        <ul className="finance-legend">
          {CHART_KINDS.map((k) => (
            <li key={k}>
              <span className="swatch" style={{ background: COLOURS[k] }} aria-hidden="true" />
              {w.kinds[k]}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
