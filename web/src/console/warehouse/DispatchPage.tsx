import type { ConsolePageProps } from '../page-props';

export function DispatchPage(_props: ConsolePageProps) {
  return <h1>Dispatch</h1>;
}
