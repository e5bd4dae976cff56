import type { ConsolePageProps } from '../page-props';

export function ReturnsPage(_props: ConsolePageProps) {
  return <h1>Incoming returns</h1>;
}
