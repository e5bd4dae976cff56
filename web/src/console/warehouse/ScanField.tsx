// The one scan field of a scanning page. It has the focus when the page opens and takes it back
// whenever the focus would otherwise fall to nothing (a result replaced the focused element, a dialog
// closed, a click on empty space), so a scanner never needs a click first. Tab still leaves it.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { useWords } from '../words';
import { WAREHOUSE_MESSAGES } from './messages';
import { isRepeat, normaliseScan, type LastScan } from './scan';

/** Where focus may rest instead of the scan field: a control the user moved to. */
const CONTROLS = 'input, select, textarea, button, a[href], summary, [contenteditable="true"], [tabindex]:not([tabindex="-1"])';

/** Where typed characters belong to the element itself. */
const EDITABLE = 'input, select, textarea, [contenteditable="true"]';

export interface ScanFieldProps {
  id: string;
  label: string;
  /** What the next scan is for, tied to the field so a screen reader says it. */
  instruction: string;
  onScan(code: string): void;
  /** Changes whenever a result or dialog ends: the field takes the focus again. */
  focusKey: unknown;
  /** While a dialog is open the field leaves the focus to it. */
  paused?: boolean;
}

export function ScanField({ id, label, instruction, onScan, focusKey, paused = false }: ScanFieldProps) {
  const w = useWords(WAREHOUSE_MESSAGES);
  const { lang } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const last = useRef<LastScan | null>(null);
  const [value, setValue] = useState('');
  const [repeat, setRepeat] = useState<string | null>(null);

  useEffect(() => {
    if (paused) return;
    // After this render's other effects: the app moves the focus to <main> on a new page.
    const timer = setTimeout(() => input.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, [focusKey, paused, lang]); // the language switch is a click in the header: the next scan needs no click back

  useEffect(() => {
    if (paused) return;
    // Focus that lands on no control (body, <main>) comes back here; focus moved to a control stays there.
    const onFocusOut = () =>
      setTimeout(() => {
        const active = document.activeElement;
        if (!active || !active.matches(CONTROLS)) input.current?.focus();
      }, 0);
    // A scanner typing while a button or link has the focus: the characters go to the scan field.
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key.length !== 1 || e.key === ' ' || e.ctrlKey || e.metaKey || e.altKey) return;
      const active = document.activeElement;
      if (active && active.matches(EDITABLE)) return;
      input.current?.focus();
    };
    document.addEventListener('focusout', onFocusOut);
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('focusout', onFocusOut);
      document.removeEventListener('keydown', onKeyDown, true);
    };
  }, [paused]);

  return (
    <form
      className="scan"
      onSubmit={(e) => {
        e.preventDefault();
        const code = normaliseScan(value);
        setValue('');
        if (!code) return;
        const now = Date.now();
        if (isRepeat(last.current, code, now)) {
          setRepeat(code);
          return;
        }
        last.current = { code, at: now };
        setRepeat(null);
        onScan(code);
      }}
    >
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-instruction`} className="scan-instruction" aria-live="polite">
        {instruction}
      </p>
      <input
        ref={input}
        id={id}
        className="scan-input"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        enterKeyHint="go"
        disabled={paused}
        aria-describedby={`${id}-instruction ${id}-hint`}
      />
      <p id={`${id}-hint`} className="hint">
        {w.scan.hint} {w.scan.escape}
      </p>
      {repeat ? (
        <p className="hint" role="status">
          {w.scan.repeat(repeat)}
        </p>
      ) : null}
    </form>
  );
}
