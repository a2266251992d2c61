/** A list of the app's words keeps its keys' literal types (for MessageId) and has both languages for each. */
export const m = <T extends Record<string, { zh: string; en: string }>>(x: T) => x;
