// Case search and the case page, for all staff.
export { CasesPage } from './CasesPage';
