/** Obligations over stored data: the mapping from rows (./facts.ts), company events (./company-events.ts), the lists, the records of done and waived obligations. */
export * from './company-events.ts';
export * from './facts.ts';
export * from './list.ts';
export * from './records.ts';
