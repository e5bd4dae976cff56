// The policy table (DESIGN §3): every version the service has shipped, as data. One line per term,
// amounts in øre (minor units, NOK, VAT included), so a fee change is a one-line diff. A version
// is never edited once in force: replacements pin it by name; publish a new version instead.
// Per-SKU fee overrides live with the items in catalog.ts.
//
// Where the numbers come from, the merchants' own terms:
// - Apple-branded products (Eplehuset §1–2): examination 500 kr Mac/displays, 300 kr iOS devices
//   and Apple accessories, 500 kr third-party; out-of-warranty (troubleshooting) 900 / 500 / 500 kr.
//   Return within 10 business days of dispatch (Apple express replacement), 12 months' warranty;
//   the coverage plan as AppleCare+: 2 years for iPhone, 3 years for Mac and displays.
// - Service parts (Nextron): 5 years' warranty on server parts, 2 years on batteries, the
//   manufacturer's term for storage media (per SKU); return within 14 days. Labour for
//   third-party faults and user errors per started 15 minutes (Printer Norge).
// - Consumer law (forbrukerkjøpsloven § 27): 5 years for goods meant to last substantially longer
//   than 2 years (phones, computers, displays), 2 years for accessories. Service parts are sold to
//   businesses: the Sale of Goods Act's absolute limit of 2 years (kjøpsloven § 32).
// A labour rate of 0 means labour outcomes do not apply: such faults settle as not_covered.

import type { PolicyVersion } from './types';

export const POLICY_VERSIONS: PolicyVersion[] = [
  {
    version: '2026-11-01',
    effectiveFrom: '2026-10-31T23:00:00.000Z', // 2026-11-01 00:00 Europe/Oslo
    categories: {
      iphone: {
        category: 'iphone',
        warrantyMonths: 12,
        returnWindow: { kind: 'business_days', days: 10 },
        planAvailable: true,
        planMonths: 24,
        examinationFee: 30_000, // 300 kr
        outOfWarrantyFee: 50_000, // 500 kr
        labourRatePerHour: 0,
        lateReturnFee: 50_000, // 500 kr
        consumerLawMonths: 60,
      },
      mac: {
        category: 'mac',
        warrantyMonths: 12,
        returnWindow: { kind: 'business_days', days: 10 },
        planAvailable: true,
        planMonths: 36,
        examinationFee: 50_000, // 500 kr
        outOfWarrantyFee: 90_000, // 900 kr
        labourRatePerHour: 0,
        lateReturnFee: 50_000, // 500 kr
        consumerLawMonths: 60,
      },
      display: {
        category: 'display',
        warrantyMonths: 12,
        returnWindow: { kind: 'business_days', days: 10 },
        planAvailable: true,
        planMonths: 36,
        examinationFee: 50_000, // 500 kr
        outOfWarrantyFee: 90_000, // 900 kr
        labourRatePerHour: 0,
        lateReturnFee: 50_000, // 500 kr
        consumerLawMonths: 60,
      },
      accessory: {
        category: 'accessory',
        warrantyMonths: 12,
        returnWindow: { kind: 'business_days', days: 10 },
        planAvailable: false,
        planMonths: null,
        examinationFee: 30_000, // 300 kr
        outOfWarrantyFee: 50_000, // 500 kr
        thirdPartyExaminationFee: 50_000, // 500 kr
        thirdPartyOutOfWarrantyFee: 50_000, // 500 kr
        labourRatePerHour: 0,
        lateReturnFee: 50_000, // 500 kr
        consumerLawMonths: 24,
      },
      'server-part': {
        category: 'server-part',
        warrantyMonths: 60,
        returnWindow: { kind: 'calendar_days', days: 14 },
        planAvailable: false,
        planMonths: null,
        examinationFee: 50_000, // 500 kr
        outOfWarrantyFee: 50_000, // 500 kr
        labourRatePerHour: 125_000, // 1 250 kr
        lateReturnFee: 50_000, // 500 kr
        consumerLawMonths: 24,
      },
      battery: {
        category: 'battery',
        warrantyMonths: 24,
        returnWindow: { kind: 'calendar_days', days: 14 },
        planAvailable: false,
        planMonths: null,
        examinationFee: 50_000, // 500 kr
        outOfWarrantyFee: 50_000, // 500 kr
        labourRatePerHour: 125_000, // 1 250 kr
        lateReturnFee: 50_000, // 500 kr
        consumerLawMonths: 24,
      },
      'storage-media': {
        category: 'storage-media',
        warrantyMonths: null, // the manufacturer's, per SKU
        returnWindow: { kind: 'calendar_days', days: 14 },
        planAvailable: false,
        planMonths: null,
        examinationFee: 50_000, // 500 kr
        outOfWarrantyFee: 50_000, // 500 kr
        labourRatePerHour: 125_000, // 1 250 kr
        lateReturnFee: 50_000, // 500 kr
        consumerLawMonths: 24,
      },
    },
    reminderBusinessDaysBefore: [3, 0],
    inTransitGraceBusinessDays: 10,
    lateReturnWindowBusinessDays: 10,
    authorizationRenewalMarginMs: 86_400_000, // 24 hours
    maxStockWaitDays: 30,
    authenticationWaitMinutes: 30,
    limits: { maxOpenReplacementsPerCustomer: 3 },
  },
];
