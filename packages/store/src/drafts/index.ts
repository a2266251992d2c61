export * from './documents.ts';
export * from './subject.ts';
