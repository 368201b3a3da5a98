// The l610 web console: the live line and status from GET /events, faults and injected lines through the
// control API's POSTs (same origin, with the header X-L610 the API asks of every POST).
'use strict';

const MAX_ROWS = 2000;
const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text; // never innerHTML: the line's bytes come from the host
  return e;
}

// ---- the line ----
function visible(text) {
  // the line's bytes as they are, CR, LF and other control bytes shown as escapes
  const frag = document.createDocumentFragment();
  let plain = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c < 0x20 || c === 0x7f) {
      if (plain) { frag.append(plain); plain = ''; }
      const esc = c === 13 ? '\\r' : c === 10 ? '\\n' : '\\x' + c.toString(16).padStart(2, '0');
      frag.append(el('span', 'ctl', esc));
    } else {
      plain += ch;
    }
  }
  if (plain) frag.append(plain);
  return frag;
}

function time(ms) {
  const d = new Date(ms);
  return d.toISOString().substring(11, 23);
}

function addRow(row) {
  const box = $('line');
  const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
  box.append(row);
  while (box.childElementCount > MAX_ROWS) box.firstElementChild.remove();
  if ($('follow').checked && atEnd) box.scrollTop = box.scrollHeight;
}

function lineEvent(e) {
  const l = JSON.parse(e.data);
  const row = el('div', 'row ' + l.dir + (l.urc ? ' urc' : ''));
  row.dataset.dir = l.dir;
  row.append(el('span', 't', time(l.t)), el('span', 'dir', l.dir === 'host' ? '→' : '←'));
  const text = el('span', 'text');
  text.append(visible(l.text));
  row.append(text);
  if (l.urc) row.append(el('span', 'badge', 'URC'));
  addRow(row);
}

function gapEvent(e) {
  const g = JSON.parse(e.data);
  addRow(el('div', 'row gap', '… ' + g.dropped + ' events not shown (this page read too slowly)'));
}

// ---- status ----
function cell(tr, value, cls) {
  const td = el('td', cls, value === null || value === undefined ? '–' : String(value));
  tr.append(td);
}

function kv(tbody, rows) {
  tbody.replaceChildren();
  for (const [k, v, cls] of rows) {
    const tr = el('tr');
    tr.append(el('th', null, k));
    cell(tr, v, cls);
    tbody.append(tr);
  }
}

function shaping(s) {
  if (!s) return null;
  return s.latency_ms + ' ms ± ' + s.jitter_ms + ' ms, ' + (s.rate_bps ? s.rate_bps + ' B/s' : 'any rate') + ', loss ' + s.loss;
}

function flag(v) { return v ? 'good' : 'bad'; }

function statusEvent(e) {
  const s = JSON.parse(e.data);
  const n = s.network;
  $('imei').textContent = 'IMEI ' + s.imei;
  $('host').textContent = s.host ? 'host ' + s.host : 'no host on the TCP line';
  kv($('network').tBodies[0], [
    ['radio', n.radio ? 'on' : 'off', flag(n.radio)],
    ['registered', n.registered, flag(n.registered)],
    ['attached', n.attached, flag(n.attached)],
    ['context', n.context ? 'up' : 'down', flag(n.context)],
    ['ip', n.ip],
    ['rssi', n.rssi, n.rssi === 99 ? 'bad' : null],
    ['SIM', n.sim, n.sim === 'READY' ? 'good' : 'bad'],
    ['timing', n.timing]]);
  const p = s.path || {};
  kv($('path').tBodies[0], [
    ['blackhole', p.blackhole ? 'on' : 'off', p.blackhole ? 'bad' : null],
    ['uplink', shaping(p.uplink), p.uplink ? 'bad' : null],
    ['downlink', shaping(p.downlink), p.downlink ? 'bad' : null],
    ['MQTT-SN up', shaping(p.udpUplink), p.udpUplink ? 'bad' : null],
    ['MQTT-SN down', shaping(p.udpDownlink), p.udpDownlink ? 'bad' : null]]);
  const tb = $('clients').tBodies[0];
  tb.replaceChildren();
  for (const c of s.clients) {
    const tr = el('tr');
    tr.dataset.client = c.id;
    cell(tr, c.id);
    cell(tr, c.state, c.state === 'IDLE' ? null : c.state === 'OPEN' ? 'good' : 'bad');
    for (const k of ['messagesIn', 'messagesOut', 'breaks', 'stored', 'withheld', 'qos0Dropped']) cell(tr, c[k]);
    tb.append(tr);
  }
  $('counters').textContent = 'commands run ' + s.counters.commands + ', URCs dropped ' + s.counters.urcsDropped;
}

// ---- control API calls ----
async function post(path, body) {
  const r = await fetch(path, {
    method: 'POST',
    headers: { 'X-L610': '1', 'Content-Type': 'text/plain; charset=utf-8' },
    body: body === undefined ? '' : body,
    credentials: 'same-origin',
    cache: 'no-store',
  });
  let answer;
  try { answer = await r.json(); } catch (e) { answer = { error: 'HTTP ' + r.status }; }
  if (!r.ok) throw new Error(answer.error || 'HTTP ' + r.status);
  return answer;
}

function report(target, promise, what) {
  target.className = 'result';
  target.textContent = what + '…';
  promise.then(() => { target.textContent = what + ': done'; })
    .catch((e) => { target.className = 'result error'; target.textContent = what + ': ' + e.message; });
}

// the raw field's escapes: \r, \n, \t, \\ and \xNN become those bytes (sent as ISO-8859-1 text)
function unescape(text) {
  return text.replace(/\\(x[0-9a-fA-F]{2}|[rnt\\])/g, (m, e) =>
    e === 'r' ? '\r' : e === 'n' ? '\n' : e === 't' ? '\t' : e === '\\' ? '\\' : String.fromCharCode(parseInt(e.substring(1), 16)));
}

// one byte per character: what the field means by raw bytes
function bytes(text) {
  const b = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new Error('"' + text[i] + '" is not one byte: write it as \\xNN');
    b[i] = c;
  }
  return b;
}

// ---- faults: one form per fault of POST /faults/<name> ----
const FAULTS = [
  { name: 'radio-off' }, { name: 'radio-on' },
  { name: 'deregister' }, { name: 'register' },
  { name: 'context-drop' }, { name: 'context-restore' },
  { name: 'broker-kill', params: [{ name: 'client', value: '1' }] },
  { name: 'blackhole', id: 'blackhole-on', label: 'blackhole on', fixed: { on: 'true' } },
  { name: 'blackhole', id: 'blackhole-off', label: 'blackhole off', fixed: { on: 'false' } },
  { name: 'signal', params: [{ name: 'rssi', value: '10' }] },
  { name: 'udp', params: [{ name: 'latency_ms', value: '0' }, { name: 'loss', value: '0' }] },
  { name: 'shape', params: [{ name: 'dir', options: ['both', 'up', 'down'] }, { name: 'latency_ms', value: '0' },
    { name: 'jitter_ms', value: '0' }, { name: 'rate_bps', value: '0' }, { name: 'loss', value: '0' }] },
  { name: 'power-cycle' },
  { name: 'sim', params: [{ name: 'state', value: 'ready', list: ['ready', 'absent', 'pin:1234'] }] },
  { name: 'timing', params: [{ name: 'profile', options: ['instant', 'cat1', 'nbiot'] }] },
];

function faultForm(f) {
  const id = f.id || f.name;
  const form = el('form', 'fault');
  form.id = 'form-' + id;
  const button = el('button', null, f.label || f.name);
  button.type = 'submit';
  button.id = 'fault-' + id;
  form.append(button);
  const inputs = [];
  for (const p of f.params || []) {
    const label = el('label', null, p.name + ' ');
    let input;
    if (p.options) {
      input = el('select');
      for (const o of p.options) input.append(new Option(o, o));
    } else {
      input = el('input');
      input.value = p.value;
      if (p.list) {
        const dl = el('datalist');
        dl.id = 'list-' + id + '-' + p.name;
        for (const o of p.list) dl.append(new Option(o, o));
        form.append(dl);
        input.setAttribute('list', dl.id);
      }
    }
    input.name = p.name;
    input.id = 'fault-' + id + '-' + p.name;
    label.append(input);
    form.append(label);
    inputs.push(input);
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams(f.fixed || {});
    for (const i of inputs) q.set(i.name, i.value);
    const qs = q.toString();
    report($('fault-result'), post('/faults/' + f.name + (qs ? '?' + qs : '')), f.label || f.name);
  });
  return form;
}

// ---- scenario progress: GET /scenario when the control API has it ----
// GET /scenario answers {"ok":true,"result":{"scenario","finished","passed","elapsed_s","checks":[{name,status,reason,at_s}],
// "steps":[{name,runs,last_s}]}}, 404 before any scenario ran
function renderScenario(answer) {
  const r = answer.result || answer;
  const box = $('scenario');
  box.replaceChildren();
  const verdict = !r.finished ? 'running' : r.passed ? 'passed' : 'failed';
  const head = el('p', verdict === 'passed' ? 'pass' : verdict === 'failed' ? 'fail' : null,
    String(r.scenario || 'scenario') + ': ' + verdict + (r.elapsed_s !== undefined ? ' (' + r.elapsed_s + ' s)' : ''));
  head.id = 'scenario-verdict';
  box.append(head);
  const checks = Array.isArray(r.checks) ? r.checks : [];
  if (checks.length) {
    const table = el('table');
    table.id = 'scenario-checks';
    const tb = el('tbody');
    for (const c of checks) {
      const tr = el('tr');
      const status = String(c.status || 'PENDING');
      cell(tr, c.name);
      cell(tr, status.toLowerCase(), status === 'PASSED' ? 'pass' : status === 'FAILED' ? 'fail' : null);
      cell(tr, c.reason);
      tb.append(tr);
    }
    table.append(tb);
    box.append(el('h3', null, 'expectations'), table);
  }
  const steps = Array.isArray(r.steps) ? r.steps : [];
  if (steps.length) {
    const ul = el('ul');
    for (const st of steps) ul.append(el('li', null, st.name + ': ran ' + st.runs + '×' + (st.last_s != null ? ', last at ' + st.last_s + ' s' : '')));
    box.append(el('h3', null, 'steps'), ul);
  }
}

async function pollScenario() {
  try {
    const r = await fetch('/scenario', { cache: 'no-store' });
    if (r.ok) {
      renderScenario(await r.json());
      $('scenario-panel').hidden = false;
    } else {
      $('scenario-panel').hidden = true;
    }
  } catch (e) {
    $('scenario-panel').hidden = true;
  }
}

// ---- start ----
function connect() {
  const es = new EventSource('/events');
  es.addEventListener('open', () => { $('live').className = 'on'; $('live').textContent = 'live'; });
  es.addEventListener('error', () => { $('live').className = 'off'; $('live').textContent = 'reconnecting…'; });
  es.addEventListener('line', lineEvent);
  es.addEventListener('status', statusEvent);
  es.addEventListener('gap', gapEvent);
}

document.addEventListener('DOMContentLoaded', () => {
  for (const f of FAULTS) $('faults').append(faultForm(f));
  $('inject').addEventListener('submit', (e) => {
    e.preventDefault();
    const line = $('inject-line').value;
    report($('inject-result'), post('/line/urc', line), 'inject');
  });
  $('inject-raw').addEventListener('click', () => {
    report($('inject-result'), Promise.resolve().then(() => post('/line/raw', bytes(unescape($('inject-line').value)))), 'raw');
  });
  $('clear').addEventListener('click', () => $('line').replaceChildren());
  connect();
  pollScenario();
  setInterval(pollScenario, 3000);
});
