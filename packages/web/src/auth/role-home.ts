import type { Role } from '@switchboard/protocol';

const HOME: Record<Role, string> = { administrator: '/admin', supervisor: '/supervisor', agent: '/agent' };

/** Which areas each role may open (the administrator may do everything). */
const AREAS: Record<Role, readonly string[]> = {
  administrator: ['/admin', '/supervisor', '/agent'],
  supervisor: ['/supervisor'],
  agent: ['/agent'],
};

export function homeFor(role: Role): string {
  return HOME[role];
}

export function mayOpen(role: Role, path: string): boolean {
  return AREAS[role].some((area) => path === area || path.startsWith(`${area}/`));
}
