// The assistant's page: sign-in with its challenges, a chat per persona, answers as text, a table
// and a chart. Tokens and the session live in sessionStorage, so a reload keeps the user signed in;
// the access token is refreshed before it expires and once after a 401.
(() => {
  const KEY = 'assistant.auth';
  const state = { auth: load(), personas: [], interpreter: 'named', challenge: null };
  const $ = (id) => document.getElementById(id);

  function load() { try { return JSON.parse(sessionStorage.getItem(KEY)); } catch (e) { return null; } }
  function save() { if (state.auth) sessionStorage.setItem(KEY, JSON.stringify(state.auth)); else sessionStorage.removeItem(KEY); }
  function text(el, value) { el.textContent = value == null ? '' : String(value); }
  function el(tag, cls, content) { const e = document.createElement(tag); if (cls) e.className = cls; if (content != null) e.textContent = content; return e; }

  async function raw(method, path, body, token) {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers['Authorization'] = 'Bearer ' + token;
    const res = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const data = await res.json().catch(() => ({}));
    return { res, data };
  }

  async function refreshTokens() {
    if (!state.auth || !state.auth.refresh_token) return false;
    const { res, data } = await raw('POST', '/api/v1/auth/refresh', { refresh_token: state.auth.refresh_token });
    if (!res.ok) return false;
    state.auth.access_token = data.access_token;
    state.auth.expires_at = data.expires_at;
    if (data.refresh_token) state.auth.refresh_token = data.refresh_token;
    save();
    return true;
  }

  async function api(method, path, body) {
    if (state.auth && Date.parse(state.auth.expires_at) - Date.now() < 60000) await refreshTokens();
    let { res, data } = await raw(method, path, body, state.auth && state.auth.access_token);
    if (res.status === 401 && state.auth && await refreshTokens()) {
      ({ res, data } = await raw(method, path, body, state.auth.access_token));
    }
    if (res.status === 401 && state.auth) { signedOut('Your sign-in has ended; sign in again.'); }
    if (!res.ok) {
      const wait = res.headers.get('Retry-After');
      throw new Error(((data.error && data.error.message) || ('HTTP ' + res.status)) + (wait ? ' (retry in ' + wait + ' s)' : ''));
    }
    return data;
  }

  function signedIn(r) {
    state.auth = { access_token: r.access_token, refresh_token: r.refresh_token, expires_at: r.expires_at,
      session_id: r.session_id, user: r.user };
    save();
    return showApp();
  }

  function signedOut(message) {
    state.auth = null; save();
    $('app').classList.add('hidden'); $('signin').classList.remove('hidden');
    $('signin-form').classList.remove('hidden'); $('challenge-form').classList.add('hidden');
    text($('signin-error'), message || '');
  }

  async function showApp() {
    const u = state.auth.user;
    text($('who'), u.username + ' (' + u.personas.join(', ') + ')');
    const all = await api('GET', '/api/v1/personas');
    state.interpreter = all.interpreter;
    text($('interpreter'), all.interpreter === 'bedrock' ? 'Amazon Bedrock' : 'named questions');
    state.personas = all.personas.filter(p => u.personas.includes(p.name));
    $('persona').replaceChildren(...state.personas.map(p => { const o = el('option', null, p.name); o.value = p.name; return o; }));
    fillSuggestions();
    $('signin').classList.add('hidden'); $('app').classList.remove('hidden');
    await refreshSide();
  }

  function fillSuggestions() {
    const persona = state.personas.find(p => p.name === $('persona').value);
    $('suggestions').replaceChildren(...(persona ? persona.questions : []).map(q => {
      const b = el('button', null, q.question); b.type = 'button'; b.dataset.label = q.label;
      b.addEventListener('click', () => { $('question').value = state.interpreter === 'bedrock' ? q.question : q.label; ask(); });
      return b;
    }));
  }

  async function refreshSide() {
    const conv = await api('GET', '/api/v1/conversation/' + encodeURIComponent(state.auth.session_id));
    $('conversation').replaceChildren(...conv.messages.map(m => el('li', m.role, m.content)));
    $('conversation').scrollTop = $('conversation').scrollHeight;
    const cost = await api('GET', '/api/v1/cost/daily');
    text($('daily-cost'), cost.total_usd);
    text($('daily-queries'), cost.queries);
  }

  function chart(results) {
    const cols = results.columns, rows = results.rows;
    const label = cols.findIndex((c, i) => rows.length > 0 && rows.every(r => typeof r[i] === 'string'));
    const value = cols.findIndex((c, i) => i !== label && rows.length > 0 && rows.every(r => typeof r[i] === 'number'));
    $('chart').replaceChildren();
    if (label < 0 || value < 0 || rows.length > 30) return;
    const ns = 'http://www.w3.org/2000/svg', width = 560, bar = 18, max = Math.max(...rows.map(r => r[value]), 1);
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', width); svg.setAttribute('height', rows.length * (bar + 4) + 20);
    svg.setAttribute('role', 'img'); svg.setAttribute('aria-label', cols[value] + ' by ' + cols[label]);
    rows.forEach((r, i) => {
      const y = i * (bar + 4);
      const t = document.createElementNS(ns, 'text'); t.setAttribute('x', 0); t.setAttribute('y', y + 13); t.textContent = String(r[label]).slice(0, 24);
      const rect = document.createElementNS(ns, 'rect'); rect.setAttribute('x', 170); rect.setAttribute('y', y);
      rect.setAttribute('height', bar); rect.setAttribute('width', Math.max(1, (width - 260) * r[value] / max));
      const v = document.createElementNS(ns, 'text'); v.setAttribute('x', 175 + (width - 260) * r[value] / max); v.setAttribute('y', y + 13); v.textContent = String(r[value]);
      svg.append(t, rect, v);
    });
    $('chart').append(svg);
  }

  function show(r) {
    text($('agent-response'), r.agent_response);
    text($('cached'), r.cached ? 'cached' : 'from the database');
    $('cached').classList.toggle('cached', r.cached);
    text($('time'), r.execution_time.toFixed(3));
    text($('cost-bedrock'), r.cost.bedrock_cost); text($('cost-database'), r.cost.database_cost);
    text($('cost-lambda'), r.cost.lambda_cost); text($('cost-total'), r.cost.total_cost);
    text($('query-id'), r.query_id);
    const results = r.results || { columns: [], rows: [] };
    const head = el('tr');
    head.replaceChildren(...results.columns.map(c => el('th', null, c)));
    $('result').tHead.replaceChildren(head);
    $('result').tBodies[0].replaceChildren(...results.rows.map(row => {
      const tr = el('tr'); tr.replaceChildren(...row.map(v => el('td', null, v == null ? '' : v))); return tr;
    }));
    chart(results);
    $('answer').classList.remove('hidden');
  }

  async function ask() {
    const q = $('question').value.trim();
    if (!q) return;
    text($('ask-error'), '');
    $('ask').disabled = true;
    try {
      show(await api('POST', '/api/v1/query', { query: q, persona: $('persona').value, session_id: state.auth.session_id }));
      $('question').value = '';
    } catch (e) { text($('ask-error'), e.message); }
    finally { $('ask').disabled = false; try { await refreshSide(); } catch (e) { /* shown on the next call */ } }
  }

  async function step(r) {
    if (r.challenge) {
      state.challenge = r;
      const mfa = r.challenge !== 'new_password_required';
      text($('challenge-text'), mfa ? 'Enter the code from your authenticator.' : 'Choose a new password to finish signing in.');
      text($('challenge-label'), mfa ? 'Code' : 'New password');
      $('challenge-answer').type = mfa ? 'text' : 'password';
      $('challenge-answer').value = '';
      $('signin-form').classList.add('hidden'); $('challenge-form').classList.remove('hidden');
      $('challenge-answer').focus();
      return;
    }
    state.challenge = null;
    await signedIn(r);
  }

  $('signin-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    text($('signin-error'), '');
    try {
      const { res, data } = await raw('POST', '/api/v1/auth/login', { username: $('username').value, password: $('password').value });
      if (!res.ok) {
        const wait = res.headers.get('Retry-After');
        throw new Error(((data.error && data.error.message) || ('HTTP ' + res.status)) + (wait ? ' (retry in ' + wait + ' s)' : ''));
      }
      await step(data);
    } catch (e) { text($('signin-error'), e.message); }
  });

  $('challenge-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    text($('signin-error'), '');
    const c = state.challenge;
    const answers = {};
    answers[(c.answers && c.answers[0]) || 'ANSWER'] = $('challenge-answer').value;
    try {
      const { res, data } = await raw('POST', '/api/v1/auth/challenge', { username: c.username, challenge: c.challenge,
        challenge_name: c.challenge_name, challenge_session: c.challenge_session, answers });
      if (!res.ok) throw new Error((data.error && data.error.message) || ('HTTP ' + res.status));
      await step(data);
    } catch (e) { text($('signin-error'), e.message); }
  });

  $('persona').addEventListener('change', fillSuggestions);
  $('ask-form').addEventListener('submit', (ev) => { ev.preventDefault(); ask(); });

  $('logout').addEventListener('click', async () => {
    try { await api('POST', '/api/v1/auth/logout'); } catch (e) { /* signed out either way */ }
    signedOut();
  });

  if (state.auth) showApp().catch(() => signedOut('Sign in again.'));
})();
