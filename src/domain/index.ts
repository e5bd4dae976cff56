// The pure business rules of the service: no I/O, no clock; safe to import from workflows.
export * from './vocabulary';
export * from './types';
export * from './money';
export * from './calendar';
export * from './policy';
export * from './catalog';
export * from './stock';
export * from './device';
export * from './lifecycle';
export * from './session';
export * from './date-format';
export * from './authentication';
export * from './finance';
