// One place that turns configuration into Temporal connection options, shared by the worker
// (NativeConnection) and the API (client Connection).
import { readFileSync } from 'node:fs';
import type { Config } from '../config';

export interface TemporalConnectionOptions {
  address: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

export function temporalConnectionOptions(config: Config): TemporalConnectionOptions {
  const useTls = config.TEMPORAL_TLS || !!config.TEMPORAL_TLS_CERT_PATH || !!config.TEMPORAL_API_KEY || !!config.TEMPORAL_TLS_CA_PATH;
  const options: TemporalConnectionOptions = { address: config.TEMPORAL_ADDRESS };
  if (useTls) {
    options.tls = {
      serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
      serverRootCACertificate: config.TEMPORAL_TLS_CA_PATH ? readFileSync(config.TEMPORAL_TLS_CA_PATH) : undefined,
      clientCertPair:
        config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH
          ? { crt: readFileSync(config.TEMPORAL_TLS_CERT_PATH), key: readFileSync(config.TEMPORAL_TLS_KEY_PATH) }
          : undefined,
    };
  }
  if (config.TEMPORAL_API_KEY) options.apiKey = config.TEMPORAL_API_KEY;
  return options;
}
