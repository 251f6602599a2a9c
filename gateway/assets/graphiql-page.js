// GraphiQL's page (served by gateway/src/graphiql.ts, development only). A sign-in bar mints a
// development token (POST /dev/token) for a chosen role and keeps it for this tab only
// (sessionStorage): a reload keeps it, a new tab signs in again, closing the tab forgets it.
// GraphiQL is mounted once there is a token, so its first schema fetch already carries it.
(function () {
  'use strict';
  const config = JSON.parse(document.getElementById('graphiql-config').textContent);
  const KEY = 'district-graphiql-session';
  const bar = document.getElementById('signin');
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));

  /** The purpose each role usually acts for (事项编码), preselected when the role is chosen. */
  const ROLE_PURPOSE = {
    'building-staff': 'BUILDING_SERVICE', enterprise: 'SELF_SERVICE', 'window-staff': 'ENTERPRISE_OPENING',
    'department-officer': 'DEPARTMENT_CASE', agent: 'SELF_SERVICE', auditor: 'AUDIT', 'frontend-app': '',
  };

  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  };
  const select = (name, label, options, value) => el('label', { class: 'field', 'data-field': name }, label,
    el('select', { name }, ...options.map(([v, text]) => { const o = el('option', { value: v }, text); if (v === value) o.selected = true; return o; })));
  const input = (name, label, value, placeholder) => el('label', { class: 'field', 'data-field': name }, label, el('input', { name, value, placeholder }));

  function session() {
    try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; }
  }

  function mountGraphiql(s) {
    const fetcher = GraphiQL.createFetcher({ url: config.endpoint, headers: { authorization: 'Bearer ' + s.token } });
    root.render(React.createElement(GraphiQL, {
      key: s.token, fetcher, defaultTabs: config.tabs, defaultEditorToolsVisibility: 'headers', shouldPersistHeaders: false,
    }));
  }

  function showSignedIn(s) {
    bar.replaceChildren(
      el('span', { class: 'who' }, '已登录 Signed in: ', el('b', {}, s.label)),
      el('span', { class: 'note' }, '开发令牌，仅本标签页有效 — a development token for this tab only.'),
      el('button', { type: 'button', onclick: () => { sessionStorage.removeItem(KEY); root.render(null); showForm(); } }, '退出 Sign out'),
      el('p', { class: 'help' },
        '请求头 Headers pane (below the query, beside Variables): JSON headers sent with every request of the tab. ',
        'The token above is sent for you as Authorization; add {"x-case-id": "LS-20261101-000001"} to act for a case, ',
        'or {"x-purpose": "AUDIT"} when the token names no purpose. A header that contradicts the token is refused (403).'),
    );
    mountGraphiql(s);
  }

  function showForm(error) {
    const form = el('form', { class: 'signin' },
      el('b', {}, '登录 Sign in'),
      select('role', '角色 Role', config.roles.map((r) => [r, r]), 'building-staff'),
      input('buildings', '楼宇 Buildings', 'LS-B001', 'LS-B001,LS-B002'),
      input('uscc', '统一社会信用代码 USCC', '91370212MA3C12346X', '18 characters'),
      select('department', '部门 Department', config.departments.map((d) => [d, d]), 'MARKET'),
      input('sub', '受托人账号 Agent id', '', 'bbdb-007'),
      input('delegation', '委托编号 Delegation', '', 'DL-… (empty: list yours)'),
      select('purpose', '事项 Purpose', [['', '(none)'], ...config.purposes.map((p) => [p, p])], 'BUILDING_SERVICE'),
      el('button', { type: 'submit' }, '登录 Sign in'),
      el('span', { class: 'error', role: 'alert' }, error || ''),
    );
    const field = (name) => form.querySelector(`[data-field="${name}"]`);
    const sync = () => {
      const role = form.role.value;
      field('buildings').hidden = role !== 'building-staff';
      field('uscc').hidden = role !== 'enterprise';
      field('department').hidden = role !== 'department-officer';
      field('sub').hidden = role !== 'agent';
      field('delegation').hidden = role !== 'agent';
    };
    form.role.addEventListener('change', () => { form.purpose.value = ROLE_PURPOSE[form.role.value] ?? ''; sync(); });
    sync();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const role = form.role.value;
      const claims = { role };
      if (role === 'building-staff') claims.buildings = form.buildings.value.split(/[,\s]+/).filter(Boolean);
      if (role === 'enterprise') claims.uscc = form.uscc.value.trim();
      if (role === 'department-officer') claims.department = form.department.value;
      if (role === 'agent' && form.sub.value.trim()) claims.sub = form.sub.value.trim();
      if (role === 'agent' && form.delegation.value.trim()) claims.delegation = form.delegation.value.trim();
      if (form.purpose.value) claims.purpose = form.purpose.value;
      const res = await fetch(config.tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(claims) });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) return showForm(body.errors?.[0]?.message || `sign-in failed (HTTP ${res.status})`);
      const label = [role, claims.sub, claims.buildings?.join(','), claims.uscc, claims.department, claims.delegation, claims.purpose].filter(Boolean).join(' · ');
      const s = { token: body.token, label };
      sessionStorage.setItem(KEY, JSON.stringify(s));
      showSignedIn(s);
    });
    bar.replaceChildren(form);
    root.render(React.createElement('p', { class: 'signed-out' }, '请先登录 — sign in above: GraphiQL loads the schema with your token.'));
  }

  const s = session();
  if (s && s.token) showSignedIn(s);
  else showForm();
})();
