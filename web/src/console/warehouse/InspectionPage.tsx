import type { ConsolePageProps } from '../page-props';

export function InspectionPage(_props: ConsolePageProps) {
  return <h1>Inspection</h1>;
}
