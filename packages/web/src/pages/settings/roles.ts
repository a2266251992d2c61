/** The roles in the order the settings list them (the API's Member.role). */
import type { Schemas } from '../../api/client.ts';

export const roleNames: Schemas['Member']['role'][] = ['owner', 'admin', 'consultant', 'viewer', 'client'];
