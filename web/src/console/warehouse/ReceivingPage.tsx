import type { ConsolePageProps } from '../page-props';

export function ReceivingPage(_props: ConsolePageProps) {
  return <h1>Receiving</h1>;
}
