// Entry point for the workflow bundle: every workflow type the worker runs.
export { replacementWorkflow } from './replacement';
export { reconciliationWorkflow } from './reconciliation';
export { financeActionWorkflow } from './finance-action';
