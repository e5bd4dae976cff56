import type { ConsolePageProps } from '../page-props';

export function SummaryPage(_props: ConsolePageProps) {
  return <h1>Summary</h1>;
}
