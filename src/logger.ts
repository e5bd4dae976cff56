import pino, { type Logger } from 'pino';
import type { Config } from './config';

// Fields that must never reach a log line, wherever they appear.
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'req.headers["x-carrier-signature"]',
  '*.paymentMethodId',
  '*.password',
  '*.secret',
];

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, name: string): Logger {
  return pino({ name, level: config.LOG_LEVEL, redact: { paths: REDACT, censor: '[redacted]' } });
}
