/**
 * The wizard keeps its answers in the URL (?p=…), so that the address is always a link that restores them:
 * the profile as JSON, UTF-8, base64url. A link that cannot be read restores nothing (the wizard starts over).
 */
import type { Profile } from '../api/client.ts';

export function encodeProfile(p: Profile): string {
  const bytes = new TextEncoder().encode(JSON.stringify(p));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeProfile(s: string | null): Profile | null {
  if (!s) return null;
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const p = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (!p || typeof p !== 'object') return null;
    const service = (p as { service?: unknown }).service;
    if (!service || typeof service !== 'object') return null;
    const activities = (service as { activities?: unknown }).activities;
    if (!Array.isArray(activities)) return null;
    return p as Profile;
  } catch {
    return null;
  }
}

/** an empty profile: no activity chosen yet */
export const emptyProfile = (): Profile => ({ service: { activities: [] } });
