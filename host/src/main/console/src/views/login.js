import * as api from '../api.js';
import { h, notice } from '../dom.js';

/** The sign-in form: the daemon's token, exchanged for a session cookie the page cannot read. */
export function loginView(main, done) {
  const token = h('input', {
    id: 'token', type: 'password', autocomplete: 'current-password', required: true, spellcheck: false,
    'aria-describedby': 'token-help',
  });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form.card.login', {
    onsubmit: async (e) => {
      e.preventDefault();
      status.replaceChildren();
      try {
        await api.signIn(token.value.trim());
        token.value = '';
        done();
      } catch (err) {
        status.append(notice('error', err.status === 401 ? 'Wrong token.' : err.message));
        token.select();
      }
    },
  },
  h('h1', 'Sign in'),
  h('label', { for: 'token' }, 'API token'),
  token,
  h('p.help', { id: 'token-help' }, 'The daemon\'s token, from its token file (STATE_DIR/token, mode 0600). ',
    'The page keeps only a session cookie, which signing out ends.'),
  h('button.primary', { type: 'submit' }, 'Sign in'),
  status);
  main.append(form);
  token.focus();
}
