// Which inspection inputs apply, from the domain's settlement rules: labour time only for the labour
// outcomes and only where the product's category bills labour (service parts); "beyond repair" only
// where it changes the charge. The API refuses the rest; the form does not offer it.
import { BEYOND_REPAIR_OUTCOMES, LABOUR_OUTCOMES } from '@domain/policy';
import type { InspectionOutcome } from '@domain/vocabulary';

export interface InspectionChoices {
  outcome: InspectionOutcome | '';
  beyondRepair: boolean;
  labourMinutes: string;
}

export const outcomeNeedsLabour = (outcome: InspectionOutcome | '') => outcome !== '' && LABOUR_OUTCOMES.includes(outcome);
export const outcomeAllowed = (outcome: InspectionOutcome, labourRatePerHour: number) => !outcomeNeedsLabour(outcome) || labourRatePerHour > 0;
export const beyondRepairApplies = (outcome: InspectionOutcome | '') => outcome !== '' && BEYOND_REPAIR_OUTCOMES.includes(outcome);

/** The request body for these choices (preview and confirm take the same), or null while incomplete. */
export function inspectionBody(c: InspectionChoices, notes: string) {
  if (c.outcome === '') return null;
  const minutes = c.labourMinutes.trim() === '' ? undefined : Number(c.labourMinutes);
  return {
    outcome: c.outcome,
    notes,
    ...(beyondRepairApplies(c.outcome) ? { beyondRepair: c.beyondRepair } : {}),
    ...(outcomeNeedsLabour(c.outcome) && minutes !== undefined ? { labourMinutes: minutes } : {}),
  };
}
