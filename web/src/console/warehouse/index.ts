// The warehouse's pages, one per task.
export { DispatchPage } from './DispatchPage';
export { ReceivingPage } from './ReceivingPage';
export { InspectionPage } from './InspectionPage';
export { ReturnsPage } from './ReturnsPage';
export { StockPage } from './StockPage';
