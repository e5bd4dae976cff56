// Products offered for express replacement. Prices in øre, NOK, VAT included. Per-SKU fees
// override the category defaults of the policy table (policy-versions.ts): out-of-warranty fees
// follow the size of the repair (a Pro iPhone costs more to fix than an iPhone 16e), plan service
// fees are the plan's "other damage" fee. Storage media carry the manufacturer's warranty term
// per SKU.

import type { CatalogItem } from './types';

const kr = (n: number) => n * 100;

export const CATALOG: CatalogItem[] = [
  // iPhone — plan "other damage" fee 1 190 kr; out-of-warranty fee by model.
  { sku: 'IP17PM-256', name: 'iPhone 17 Pro Max 256 GB', category: 'iphone', retailPrice: kr(17_990), outOfWarrantyFee: kr(8_290), planServiceFee: kr(1_190) },
  { sku: 'IP17P-256', name: 'iPhone 17 Pro 256 GB', category: 'iphone', retailPrice: kr(15_990), outOfWarrantyFee: kr(7_490), planServiceFee: kr(1_190) },
  { sku: 'IPAIR-256', name: 'iPhone Air 256 GB', category: 'iphone', retailPrice: kr(14_490), outOfWarrantyFee: kr(6_990), planServiceFee: kr(1_190) },
  { sku: 'IP17-256', name: 'iPhone 17 256 GB', category: 'iphone', retailPrice: kr(11_490), outOfWarrantyFee: kr(5_990), planServiceFee: kr(1_190) },
  { sku: 'IP16E-128', name: 'iPhone 16e 128 GB', category: 'iphone', retailPrice: kr(8_490), outOfWarrantyFee: kr(4_690), planServiceFee: kr(1_190) },

  // Mac and displays — plan "other damage" fee 3 290 kr.
  {
    sku: 'MBA13-M4-16-512',
    name: 'MacBook Air 13" M4, 16 GB, 512 GB',
    category: 'mac',
    retailPrice: kr(15_990),
    outOfWarrantyFee: kr(7_490),
    planServiceFee: kr(3_290),
  },
  {
    sku: 'MBP14-M5-16-1TB',
    name: 'MacBook Pro 14" M5, 16 GB, 1 TB',
    category: 'mac',
    retailPrice: kr(23_990),
    outOfWarrantyFee: kr(9_990),
    planServiceFee: kr(3_290),
  },
  {
    sku: 'STUDIO-DISPLAY',
    name: 'Studio Display, standard glass',
    category: 'display',
    retailPrice: kr(19_990),
    outOfWarrantyFee: kr(9_490),
    planServiceFee: kr(3_290),
  },

  // Apple-branded accessories (no plan). The charger's retail price is below the out-of-warranty
  // fee: the charge is capped at the hold.
  { sku: 'AIRPODS-PRO-3', name: 'AirPods Pro 3', category: 'accessory', retailPrice: kr(2_990), outOfWarrantyFee: kr(990) },
  { sku: 'MAGIC-KB-TID-NO', name: 'Magic Keyboard with Touch ID, Norwegian', category: 'accessory', retailPrice: kr(1_790) },
  { sku: 'USBC-20W', name: 'Apple 20W USB-C Power Adapter', category: 'accessory', retailPrice: kr(249) },
  // Third-party accessory: third-party examination and troubleshooting rates.
  { sku: 'BELKIN-MAGSAFE-25W', name: 'Belkin UltraCharge 25W MagSafe charger', category: 'accessory', retailPrice: kr(1_290), thirdParty: true },

  // Service parts for complete servers and workstations (Nextron): 60-month warranty.
  { sku: 'SRV-PSU-1600W', name: 'Redundant power supply 1600 W, 80 PLUS Titanium', category: 'server-part', retailPrice: kr(4_490), thirdParty: true },
  { sku: 'SRV-SSD-U2-3T84', name: 'Enterprise NVMe SSD U.2 3.84 TB', category: 'server-part', retailPrice: kr(6_490), thirdParty: true },
  {
    sku: 'SRV-MB-X13-1U',
    name: 'Server motherboard, single-socket, 1U',
    category: 'server-part',
    retailPrice: kr(8_990),
    outOfWarrantyFee: kr(1_250),
    thirdParty: true,
  },

  // Batteries: 24-month warranty.
  { sku: 'UPS-RBC-1500', name: 'UPS replacement battery cartridge, 1500 VA', category: 'battery', retailPrice: kr(3_290), thirdParty: true },
  { sku: 'RAID-CACHEVAULT', name: 'RAID controller CacheVault flash backup module', category: 'battery', retailPrice: kr(1_990), thirdParty: true },

  // Desktop and cloud storage media: manufacturer's warranty per SKU.
  { sku: 'DESK-HDD-16TB', name: 'Desktop external drive 16 TB', category: 'storage-media', retailPrice: kr(3_990), warrantyMonths: 24, thirdParty: true },
  {
    sku: 'CLOUD-HDD-20TB',
    name: 'Cloud storage enterprise HDD 20 TB',
    category: 'storage-media',
    retailPrice: kr(5_490),
    warrantyMonths: 60,
    thirdParty: true,
  },
];

export function findCatalogItem(sku: string, catalog: readonly CatalogItem[] = CATALOG): CatalogItem | undefined {
  return catalog.find((item) => item.sku === sku);
}
