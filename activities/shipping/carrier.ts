// Carrier port: the outbound shipment is booked together with a prepaid return label.
import type { Address } from '../../src/domain/types';
import type { CarrierEventKind } from '../../src/domain/vocabulary';

export type TrackingKind = CarrierEventKind;

export interface TrackingEvent {
  /** Carrier's event id: webhook deliveries are de-duplicated on it. */
  eventId: string;
  trackingNumber: string;
  kind: TrackingKind;
  at: number; // epoch ms
  description?: string;
}

export interface Booking {
  carrier: string;
  trackingNumber: string;
  returnTrackingNumber: string;
  labelUrl: string;
  returnLabelUrl: string;
}

export interface BookingRequest {
  serviceNumber: string;
  to: Address;
  sku: string;
  description: string;
  idempotencyKey: string;
}

export interface Carrier {
  readonly name: string;
  book(req: BookingRequest): Promise<Booking>;
  tracking(trackingNumber: string): Promise<TrackingEvent[]>;
  /** Verifies the signature on the raw body; throws on a forged or stale delivery. */
  parseWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): TrackingEvent[];
}
