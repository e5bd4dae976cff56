// What the warehouse knows of the device being replaced.
import { normalizeSerial, reviewFindings, type ReviewFinding } from '../src/domain/device';
import type { DeviceRegistry } from '../src/ports/devices';

export function createDeviceActivities(deps: { devices?: Pick<DeviceRegistry, 'history'> }) {
  return {
    /** Why this request must wait for staff before its unit ships (none: it goes straight to the queue). */
    async screenDevice(req: { serialNumber: string; replacementId: string }): Promise<ReviewFinding[]> {
      if (!deps.devices) return [];
      return reviewFindings(await deps.devices.history(normalizeSerial(req.serialNumber), req.replacementId));
    },
  };
}
