/**
 * The page's stylesheet and script, served from their own paths so the page's
 * Content-Security-Policy can forbid inline script and style outright.
 */
export const STYLE = `
:root { --fg: #1d1c1d; --muted: #616061; --line: #e2e2e2; --accent: #2f6f4f; --warn: #a0522d; --bad: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #f8f8f8; }
header { display: flex; align-items: center; gap: 1rem; padding: .6rem 1rem; background: #3f0e40; color: #fff; }
header h1 { font-size: 1rem; margin: 0; }
header form { margin-left: auto; }
header select { font: inherit; }
.layout { display: grid; grid-template-columns: 14rem 1fr; min-height: calc(100vh - 2.6rem); }
nav { background: #fff; border-right: 1px solid var(--line); padding: .8rem; }
nav h2 { font-size: .75rem; text-transform: uppercase; color: var(--muted); margin: 1rem 0 .3rem; }
nav a { display: block; padding: .15rem .4rem; border-radius: 4px; color: inherit; text-decoration: none; }
nav a.current { background: #1164a3; color: #fff; }
main { padding: 1rem 1.5rem; max-width: 60rem; }
.card { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--muted); border-radius: 6px; padding: .8rem 1rem; margin: 0 0 .6rem; }
.card h3 { margin: 0 0 .2rem; font-size: 1rem; }
.status-awaiting { border-left-color: #d4a017; }
.status-signed_off, .status-merged { border-left-color: var(--accent); }
.status-changes_requested { border-left-color: var(--warn); }
.alert { border-left-color: var(--bad); }
.meta, .context, .hint { color: var(--muted); margin: .2rem 0; }
.branch, code { font-family: ui-monospace, monospace; font-size: .9em; }
dl { display: grid; grid-template-columns: 7rem 1fr; margin: .4rem 0; }
dt { color: var(--muted); } dd { margin: 0; }
ul { margin: .2rem 0; padding-left: 1.2rem; }
.actions { display: flex; flex-wrap: wrap; gap: .4rem; align-items: flex-start; margin-top: .5rem; }
.actions form.inline { display: inline; }
details.act > summary, button { display: inline-block; cursor: pointer; list-style: none; border: 1px solid #bbb; background: #fff; border-radius: 4px; padding: .25rem .7rem; font: inherit; }
details.act > summary.primary, form.attest button { background: var(--accent); color: #fff; border-color: var(--accent); }
details.act[open] { flex-basis: 100%; }
details.act form { margin-top: .4rem; padding: .6rem; border: 1px solid var(--line); border-radius: 4px; background: #fcfcfc; }
details.act label { display: block; margin: .25rem 0; }
textarea { width: 100%; font: inherit; }
.thread { list-style: none; margin: .3rem 0 0 1rem; padding: 0 0 0 .8rem; border-left: 2px solid var(--line); }
.notice { margin: .25rem 0; }
blockquote { margin: .2rem 0; padding-left: .6rem; border-left: 3px solid var(--line); color: var(--muted); white-space: pre-wrap; }
.answer { background: #fffbe6; border: 1px solid #f0e0a0; border-radius: 6px; padding: .6rem 1rem; margin-bottom: .8rem; }
.answer .error, .flash-error { color: var(--bad); }
/* Long help lines wrap inside the box instead of running past its edge. */
.answer pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
nav small { color: var(--muted); }
form.command { display: flex; gap: .4rem; margin-bottom: 1rem; }
form.command input { flex: 1; font: inherit; padding: .3rem .5rem; }
.empty { color: var(--muted); }
`;

/**
 * Redraw when something changes: the page polls a version string (message count and
 * last update) and reloads, unless a form is open or being typed in.
 */
export const SCRIPT = `
(() => {
  const body = document.body;
  let version = body.dataset.version;
  const busy = () => document.querySelector('details[open]') || (document.activeElement && /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName));
  setInterval(async () => {
    try {
      const res = await fetch('/playground/version', { credentials: 'same-origin', cache: 'no-store' });
      if (!res.ok) return;
      const next = (await res.text()).trim();
      if (next !== version && !busy()) location.reload();
    } catch {}
  }, 1000);
  // How long a reviewer really looked: note when a form is unfolded, as time since the page was drawn.
  for (const details of document.querySelectorAll('details.act')) {
    details.addEventListener('toggle', () => {
      const opened = details.querySelector('input[name=opened_ms]');
      if (details.open && opened && opened.value === '') opened.value = String(Math.round(performance.now()));
    });
  }
  const picker = document.querySelector('select[name=as]');
  if (picker) picker.addEventListener('change', () => picker.form.submit());
})();
`;

/** The tab icon: a check mark on the playground's accent colour (SVG, which browsers take at /favicon.ico too). */
export const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#2f6f4f"/><path d="M8 17l5 5 11-12" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/></svg>
`;
