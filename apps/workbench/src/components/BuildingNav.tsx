import { useEffect, useState } from 'react';
import { request } from '../api.ts';
import { WorkbenchBuildingDocument } from '../gql/graphql.ts';
import type { Session } from '../session.ts';

/**
 * 我的楼宇 — the buildings of the caller's token, each with its name from the graph, and a box to
 * open any building by its code (the gateway decides whether it is the caller's).
 */
export function BuildingNav({ session, current, go, fail }: { session: Session; current: string; go: (id: string) => void; fail: (e: unknown) => void }) {
  const [names, setNames] = useState<Record<string, string>>({});
  const [other, setOther] = useState('');
  useEffect(() => {
    let live = true;
    for (const id of session.buildings) {
      request(session.token, WorkbenchBuildingDocument, { id }).then((a) => {
        const name = a.data?.building?.name;
        if (live && name) setNames((n) => ({ ...n, [id]: name }));
      }, fail);
    }
    return () => { live = false; };
  }, [session, fail]);
  return (
    <nav className="nav" aria-label="我的楼宇 My buildings">
      <h2>我的楼宇 <span className="en">My buildings</span></h2>
      <ul>
        {session.buildings.map((id) => (
          <li key={id}>
            <a href={`#/b/${encodeURIComponent(id)}`} className={id === current ? 'active' : undefined} aria-current={id === current ? 'page' : undefined}>
              <span>{names[id] ?? id}</span><span className="code">{id}</span>
            </a>
          </li>
        ))}
      </ul>
      <form className="open-building" onSubmit={(e) => { e.preventDefault(); if (other.trim()) go(other.trim()); }}>
        <label>打开楼宇 Open building
          <input name="building" placeholder="LS-B002" value={other} onChange={(e) => setOther(e.target.value)} />
        </label>
        <button type="submit">打开 Open</button>
      </form>
    </nav>
  );
}
