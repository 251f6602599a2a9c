import { useCallback, useEffect, useState } from 'react';
import { SignedOut } from './api.ts';
import { readConfig } from './config.ts';
import { clearSession, loadSession, type Session } from './session.ts';
import { SignIn } from './components/SignIn.tsx';
import { BuildingNav } from './components/BuildingNav.tsx';
import { BuildingView } from './components/BuildingView.tsx';

/** The building in the address (`#/b/LS-B001`), else the token's first. */
const routeOf = (hash: string) => decodeURIComponent(/^#\/b\/(.+)$/.exec(hash)?.[1] ?? '');

export function App() {
  const [config] = useState(readConfig);
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string>();
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(routeOf(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  // A refused token (401) signs out with the reason; anything else is a bug worth seeing.
  const fail = useCallback((error: unknown) => {
    if (error instanceof SignedOut) {
      clearSession();
      setSession(null);
      setNotice(error.message);
    } else {
      setNotice(`出错了 Something went wrong: ${(error as Error).message}`);
    }
  }, []);

  if (!session) return <SignIn devTokenPath={config.devTokenPath} notice={notice} onSignedIn={(s) => { setNotice(undefined); setSession(s); }} />;
  const current = route || session.buildings[0] || '';
  return (
    <div className="app">
      <header className="top">
        <div className="brand">楼小二工作台 <span className="en">Building-service workbench</span></div>
        <div className="who">
          <span title={session.sub}>{session.role === 'building-staff' ? '楼小二 building-staff' : session.role} · {session.buildings.join(', ')}</span>
          <button type="button" className="link" onClick={() => { clearSession(); setSession(null); }}>退出 Sign out</button>
        </div>
      </header>
      {notice && <p className="error banner">{notice}</p>}
      <div className="body">
        <BuildingNav session={session} current={current} go={(id) => { location.hash = `#/b/${encodeURIComponent(id)}`; }} fail={fail} />
        <main>{current ? <BuildingView key={current} session={session} id={current} fail={fail} /> : <p className="muted">您的令牌未列出楼宇 Your token lists no building</p>}</main>
      </div>
    </div>
  );
}
