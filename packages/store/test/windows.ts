/**
 * Rate limits count in fixed windows (src/rate-limits.ts), so a test whose attempts must fall into one window
 * first waits, when the current window is about to end, for the next one to begin.
 */
export async function clearOfWindowEnd(windowMs: number, needMs = 10_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await new Promise((ok) => setTimeout(ok, left + 50));
}
