import type { AccessConfig, Role, UserConfig } from './config';
import type { DeviceTarget, DisplaySettings, ScreenAccess } from '../protocol';

/** What the hub forces into and strips from everything a holder sees. */
export interface Scope {
  /** Departments whose data reaches the holder; 'all' forces none. */
  departments: readonly string[] | 'all';
  /** Whether money amounts reach the holder. */
  amounts: boolean;
}

interface Common extends Scope { id: string; name: string; listedDepartments: string[] }
/** Someone signed in (password or OIDC); `session` is the hash of their session id. */
export interface UserPrincipal extends Common { kind: 'user'; role: Role; session: string }
/** A paired display: read-only, limited to what it was assigned. */
export interface DevicePrincipal extends Common { kind: 'device'; target: DeviceTarget; display: DisplaySettings }
/** A script or scraper with an API token from the environment. */
export interface TokenPrincipal extends Common { kind: 'token'; role: Role }
export type Principal = UserPrincipal | DevicePrincipal | TokenPrincipal;

export const departmentScope = (departments: readonly string[]): Scope['departments'] =>
  (departments.includes('*') ? 'all' : departments);

/** Amounts reach the roles and departments `access.amounts` names. */
export function seesAmounts(amounts: AccessConfig['amounts'], role: Role, departments: readonly string[]): boolean {
  return amounts.roles.includes(role) || departments.some((d) => amounts.departments.includes(d));
}

/** A user's principal, with the role and departments the config gives them now. Admins see every department. */
export function userPrincipal(user: Pick<UserConfig, 'username' | 'name' | 'role' | 'departments'>, session: string, amounts: AccessConfig['amounts']): UserPrincipal {
  return {
    kind: 'user', id: user.username, name: user.name ?? user.username, role: user.role, session,
    listedDepartments: user.departments,
    departments: user.role === 'admin' ? 'all' : departmentScope(user.departments),
    amounts: seesAmounts(amounts, user.role, user.departments),
  };
}

/** Whether this holder may open a screen with these `access` rules. Displays open only what they were assigned. */
export function mayOpenScreen(p: Principal, screenId: string, access: ScreenAccess | undefined, playlistScreens: (id: string) => string[]): boolean {
  if (p.kind === 'device') {
    return 'screen' in p.target ? p.target.screen === screenId : playlistScreens(p.target.playlist).includes(screenId);
  }
  if (p.role === 'admin' || !access) return true;
  if (access.roles && !access.roles.includes(p.role)) return false;
  if (access.departments && p.departments !== 'all' && !access.departments.some((d) => p.departments.includes(d))) return false;
  return true;
}

/** The role a holder acts with; a display is read-only. */
export const roleOf = (p: Principal): Role | 'device' => (p.kind === 'device' ? 'device' : p.role);
