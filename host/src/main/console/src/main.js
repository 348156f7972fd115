// The console's shell: sign-in, the navigation bar and a hash router. Each view renders into the
// main element and returns a function that stops what it started (timers, event streams), called
// when the user navigates away.
import './style.css';
import * as api from './api.js';
import { clear, h } from './dom.js';
import { loginView } from './views/login.js';
import { tracersView } from './views/tracers.js';
import { deployView } from './views/deploy.js';
import { tracerView } from './views/tracer.js';
import { buildView } from './views/build.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let stop = () => {};

const routes = [
  [/^#?\/?(tracers)?$/, () => tracersView],
  [/^#\/deploy$/, () => deployView],
  [/^#\/build$/, () => buildView],
  [/^#\/tracers\/([A-Za-z0-9_.-]+)(?:\/(events|maps|handler|params|details))?$/, () => tracerView],
];

function route() {
  stop();
  stop = () => {};
  clear(main);
  const hash = location.hash || '#/tracers';
  for (const [pattern, view] of routes) {
    const match = hash.match(pattern);
    if (match) {
      highlight(hash);
      stop = view()(main, match.slice(1)) ?? (() => {});
      main.focus({ preventScroll: true });
      return;
    }
  }
  main.append(h('h1', 'Not found'), h('p', h('a', { href: '#/tracers' }, 'Back to the tracers')));
}

function highlight(hash) {
  for (const a of nav.querySelectorAll('a')) {
    const here = hash.startsWith(a.getAttribute('href')) || (a.getAttribute('href') === '#/tracers' && hash === '#/');
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function showNav(signedIn) {
  clear(nav);
  if (!signedIn) return;
  nav.append(
    h('a', { href: '#/tracers' }, 'Tracers'),
    h('a', { href: '#/deploy' }, 'Deploy'),
    h('a', { href: '#/build' }, 'Build'),
    h('button.link', {
      type: 'button',
      id: 'sign-out',
      onclick: async () => {
        await api.signOut().catch(() => {});
        signedOut();
      },
    }, 'Sign out'),
  );
}

function signedOut() {
  stop();
  stop = () => {};
  window.removeEventListener('hashchange', route);
  showNav(false);
  clear(main);
  loginView(main, () => signedIn());
}

function signedIn() {
  showNav(true);
  window.addEventListener('hashchange', route);
  route();
}

api.whenSignedOut(signedOut);
api.resume().then((ok) => (ok ? signedIn() : signedOut()), (e) => {
  main.append(h('p.notice.error', { role: 'alert' }, `The daemon does not answer: ${e.message}`));
});
