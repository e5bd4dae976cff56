// Carrier port: the outbound shipment is booked together with a prepaid return label.
import type { Address } from '../domain/types';
import type { CarrierEventKind } from '../domain/vocabulary';

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

/** Finds the replacement a carrier tracking number belongs to (outbound or return shipment). */
export interface CarrierLookup {
  lookupTracking(trackingNumber: string): Promise<string | undefined> | string | undefined;
  /** The label PDF of a booked shipment, when the carrier renders them itself (the sandbox). */
  label?(trackingNumber: string): Promise<Buffer | undefined> | Buffer | undefined;
}

/** A carrier's own push format: verifies and parses one delivery to tracking events. */
export type ParseCarrierWebhook = (rawBody: Buffer, headers: Record<string, string | string[] | undefined>) => TrackingEvent[];
