import type { ConsolePageProps } from '../page-props';

export function CasesPage(_props: ConsolePageProps) {
  return <h1>Cases</h1>;
}
