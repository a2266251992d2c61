/** Pure validators for the values people type into icpdesk: codes, numbers, contacts, amounts, hosts. */
export * from './date.ts';
export * from './domain.ts';
export * from './email.ts';
export * from './ip.ts';
export * from './money.ts';
export * from './numbers.ts';
export * from './phone.ts';
export * from './resident-id.ts';
export * from './result.ts';
export * from './uscc.ts';
