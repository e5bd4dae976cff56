// Devices by serial number: which replacement holds one (one open replacement per device), and
// what the warehouse has on record about it.
import type { DeviceClaim, DeviceFlagReason, DeviceHistory } from '../domain/device';

export type ClaimResult = { claimed: true } | { claimed: false; holder: DeviceClaim } | { claimed: false; holder: null; openForCustomer: number };

export interface DeviceClaims {
  /**
   * Takes the device for `replacementId`, or says who holds it; or, when the customer already
   * holds `maxOpenForCustomer` other devices, how many (checked and taken under one lock per customer).
   */
  claim(serial: string, replacementId: string, customerSub: string, maxOpenForCustomer?: number): Promise<ClaimResult>;
  /** The claims a customer holds (their open replacements). */
  claimsOf(customerSub: string): Promise<Array<DeviceClaim & { serial: string }>>;
  /** Moves the claim from `fromReplacementId` to the requester; false when it was no longer theirs. */
  takeOver(serial: string, fromReplacementId: string, replacementId: string, customerSub: string): Promise<boolean>;
  /** Gives the device back, if `replacementId` holds it. */
  release(serial: string, replacementId: string): Promise<void>;
}

export interface FlaggedDevice {
  serial: string;
  reason: DeviceFlagReason;
  note: string | null;
  flaggedBy: string;
  flaggedAt: string;
}

export interface DeviceRegistry {
  /** What is on record about `serial` (normalized), leaving out the replacement asking. */
  history(serial: string, excludeReplacementId: string): Promise<DeviceHistory>;
  flag(device: { serial: string; reason: DeviceFlagReason; note?: string; flaggedBy: string }): Promise<FlaggedDevice>;
  flagged(limit: number): Promise<FlaggedDevice[]>;
}
