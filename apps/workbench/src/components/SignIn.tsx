import { useState } from 'react';
import { devSignIn, saveSession, sessionOf, type Session } from '../session.ts';

/**
 * 登录 — development: building codes in, a development token out (POST /dev/token, building-staff,
 * BUILDING_SERVICE). Production (no /dev/token): the identity provider's token, pasted.
 */
export function SignIn({ devTokenPath, onSignedIn, notice }: { devTokenPath: string | null; onSignedIn: (s: Session) => void; notice?: string }) {
  const [buildings, setBuildings] = useState('LS-B001');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <div className="signin">
      <h1>楼小二工作台 <span className="en">Building-service workbench</span></h1>
      <p className="muted">请先登录 Please sign in</p>
      {notice && <p className="error">{notice}</p>}
      {devTokenPath ? (
        <form aria-label="开发登录 Development sign-in" onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            onSignedIn(await devSignIn(devTokenPath, buildings.split(/[\s,，、]+/).filter(Boolean)));
          } catch (err) {
            setError((err as Error).message);
          } finally {
            setBusy(false);
          }
        }}>
          <label>负责楼宇 Buildings
            <input name="buildings" required value={buildings} onChange={(e) => setBuildings(e.target.value)} placeholder="LS-B001, LS-B002" />
          </label>
          <p className="help">开发环境：以楼小二（building-staff，事项 BUILDING_SERVICE）身份登录，令牌由网关签发，8 小时有效。 Development: signs you in as building staff of these buildings with a development token (8 hours).</p>
          <button type="submit" disabled={busy}>登录 Sign in</button>
        </form>
      ) : (
        <form aria-label="令牌登录 Token sign-in" onSubmit={(e) => {
          e.preventDefault();
          const session = sessionOf(token);
          if (!session) return setError('这不是有效的令牌 This is not a valid token (JWT)');
          saveSession(session);
          onSignedIn(session);
        }}>
          <label>访问令牌 Access token
            <textarea name="token" required rows={4} value={token} onChange={(e) => setToken(e.target.value)} placeholder="eyJ…" />
          </label>
          <p className="help">粘贴统一身份认证平台签发的令牌（角色 building-staff，事项 BUILDING_SERVICE）。 Paste the token your identity provider issued (role building-staff, purpose BUILDING_SERVICE); it stays in this tab only.</p>
          <button type="submit">登录 Sign in</button>
        </form>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
