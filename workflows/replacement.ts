// One express replacement, from request to settlement (DESIGN §2). Deterministic: every side
// effect and every rule that depends on changeable data (policy, prices, holidays) runs in an
// activity and is recorded in history; only pure rules over pinned terms (fee settlement) run here.
// The steps live in ./replacement/; this is the lifecycle they make up.
import type { ReplacementInput, ReplacementView } from './definitions';
import { finish, note, publish } from './replacement/effects';
import { failed, finishCancelled, requestedCancellation } from './replacement/endings';
import { registerHandlers } from './replacement/handlers';
import { placeHold } from './replacement/hold';
import { awaitReturn, awaitSettlement, chargeNotReturned } from './replacement/return-and-settle';
import { newRun } from './replacement/state';
import { assess, awaitDispatch, reserveUnit } from './replacement/to-dispatch';

export async function replacementWorkflow(input: ReplacementInput): Promise<ReplacementView> {
  const run = newRun(input);
  registerHandlers(run);
  note(run, 'requested', { actor: { sub: input.customer.sub, role: 'customer' }, detail: input.issueDescription.slice(0, 200) });
  publish(run);
  try {
    const terms = await assess(run);
    if (!terms) return await finish(run); // ineligible
    const hold = await placeHold(run, run.state.holdAmount);
    if (!hold) return run.state.status === 'declined' ? await finish(run) : await finishCancelled(run); // or cancelled while authenticating
    if (requestedCancellation(run)) return await finishCancelled(run);

    const notReserved = await reserveUnit(run, terms);
    if (notReserved) return await finishCancelled(run, notReserved);

    const shipment = await awaitDispatch(run, terms);
    if (!shipment) return await finishCancelled(run);

    if (await awaitReturn(run, terms, shipment)) await awaitSettlement(run);
    else await chargeNotReturned(run, terms, shipment);
    return await finish(run);
  } catch (err) {
    return await failed(run, err);
  }
}
