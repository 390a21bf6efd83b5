import { signIn } from '../api.js';
import { h, fill, errorLine } from '../dom.js';

export function render(view) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, value: 'admin@ordermesh.local' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const problem = h('div');
  const submit = async event => {
    event.preventDefault();
    fill(problem);
    try {
      await signIn(email.value, password.value);
      location.hash = '#/flow';
    } catch (error) {
      fill(problem, errorLine(error));
    }
  };
  fill(view, h('div', { class: 'panel signin' },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, 'The admin account of this ordermesh deployment.'),
    h('form', { onsubmit: submit },
      h('label', {}, 'Email', email),
      h('label', {}, 'Password', password),
      h('button', { type: 'submit' }, 'Sign in')),
    problem));
  password.focus();
}
