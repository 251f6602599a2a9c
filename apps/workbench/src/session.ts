/**
 * 登录 — who is using the page. The token is the tab's (sessionStorage, as GraphiQL keeps it): a
 * reload keeps it, a new tab signs in again, closing the tab forgets it.
 *
 * - Development: the gateway mints a development token (POST /dev/token, gateway/src/dev-token-route.ts)
 *   for role building-staff with the buildings typed in, purpose BUILDING_SERVICE.
 * - Production: /dev/token does not exist; the identity provider's token is pasted into the form,
 *   or handed over in the address's fragment (`/workbench/#token=<JWT>`), which never reaches a server.
 *
 * The buildings listed are the token's `buildings` claim, read from the token for display only:
 * what the user may see is decided by the gateway, which the page asks for every building.
 */
const STORAGE_KEY = 'district.workbench.token';

export interface Session {
  token: string;
  /** The token's `buildings` claim (楼宇编码). */
  buildings: string[];
  role?: string;
  purpose?: string;
  sub?: string;
  /** Seconds since the epoch. */
  exp?: number;
}

/** The claims of a JWT, unverified (the gateway verifies it); null when it is no JWT. */
export function sessionOf(token: string): Session | null {
  const part = token.trim().split('.')[1];
  if (!part) return null;
  try {
    const json = new TextDecoder().decode(Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as Record<string, unknown>;
    const buildings = Array.isArray(claims.buildings) ? claims.buildings.filter((b): b is string => typeof b === 'string') : [];
    return {
      token: token.trim(), buildings,
      role: typeof claims.role === 'string' ? claims.role : undefined,
      purpose: typeof claims.purpose === 'string' ? claims.purpose : undefined,
      sub: typeof claims.sub === 'string' ? claims.sub : undefined,
      exp: typeof claims.exp === 'number' ? claims.exp : undefined,
    };
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  const fromFragment = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromFragment) {
    history.replaceState(null, '', location.pathname);
    const session = sessionOf(fromFragment);
    if (session) saveSession(session);
    return session;
  }
  const stored = sessionStorage.getItem(STORAGE_KEY);
  const session = stored ? sessionOf(stored) : null;
  if (session?.exp && session.exp * 1000 < Date.now()) return clearSession();
  return session;
}

export function saveSession(session: Session) {
  sessionStorage.setItem(STORAGE_KEY, session.token);
}

export function clearSession(): null {
  sessionStorage.removeItem(STORAGE_KEY);
  return null;
}

/** Asks the gateway for a development token for building staff of these buildings. */
export async function devSignIn(tokenPath: string, buildings: string[]): Promise<Session> {
  const res = await fetch(tokenPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'building-staff', buildings, purpose: 'BUILDING_SERVICE', client: 'workbench' }),
  });
  const body = (await res.json().catch(() => ({}))) as { token?: string; errors?: { message: string }[] };
  if (!res.ok || !body.token) throw new Error(body.errors?.[0]?.message ?? `登录失败 Sign-in failed (HTTP ${res.status})`);
  const session = sessionOf(body.token);
  if (!session) throw new Error('登录失败：令牌无法读取 — Sign-in failed: the token cannot be read');
  saveSession(session);
  return session;
}
