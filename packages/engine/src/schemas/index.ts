/** zod schemas of every engine output; the engine's output types are inferred from them. */
export * from './assessment.ts';
export * from './checklist.ts';
export * from './clock.ts';
export * from './common.ts';
export * from './comparison.ts';
export * from './impact.ts';
export * from './localised.ts';
export * from './obligations.ts';
export * from './precheck.ts';
export * from './summary.ts';
export * from './timeline.ts';
