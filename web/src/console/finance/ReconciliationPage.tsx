import type { ConsolePageProps } from '../page-props';

export function ReconciliationPage(_props: ConsolePageProps) {
  return <h1>Reconciliation</h1>;
}
