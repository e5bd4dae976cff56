import type { ConsolePageProps } from '../page-props';

export function StockPage(_props: ConsolePageProps) {
  return <h1>Stock</h1>;
}
