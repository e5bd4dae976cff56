// Types for scripts/provision.js (plain CommonJS so it runs before node_modules exists).

/** Absolute path, or null when the toolchain to build it is missing (callers fall back). */
export type ProvisionedPath = string | null;

export declare const REPO: string;
export declare const TOOLS_DIR: string;
export declare const TEST_SERVER_VERSION: string;
export declare const SCHEMATHESIS_VERSION: string;
export declare const GO_TOOLS: Record<'temporal' | 'stripe-mock' | 'mailpit', { module: string; version: string; envVar: string; ldflags: string }>;

export declare function ensureTemporalCli(): Promise<ProvisionedPath>;
export declare function ensureTestServer(): Promise<ProvisionedPath>;
export declare function ensureStripeMock(): Promise<ProvisionedPath>;
export declare function ensureMailpit(): Promise<ProvisionedPath>;
export declare function ensureSchemathesis(): Promise<ProvisionedPath>;
/** Debian's chromium for the browser tests (CHROMIUM_PATH, or /usr/bin/chromium, apt-get installed when root). */
export declare function ensureChromium(): Promise<ProvisionedPath>;
export declare function provisionAll(): Promise<{
  temporal: ProvisionedPath;
  stripeMock: ProvisionedPath;
  mailpit: ProvisionedPath;
  testServer: ProvisionedPath;
  schemathesis: ProvisionedPath;
  chromium: ProvisionedPath;
}>;
