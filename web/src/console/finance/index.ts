// Finance's pages.
export { HoldsPage } from './HoldsPage';
export { SummaryPage } from './SummaryPage';
export { ReconciliationPage } from './ReconciliationPage';
