import type { ConsolePageProps } from '../page-props';

export function HoldsPage(_props: ConsolePageProps) {
  return <h1>Holds</h1>;
}
