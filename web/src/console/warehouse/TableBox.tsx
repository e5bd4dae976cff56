// A wide table on a narrow screen scrolls inside its own box, which the keyboard can reach and scroll.
import type { ReactNode } from 'react';

export function TableBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
