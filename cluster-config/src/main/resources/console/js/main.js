import { onSessionChange, signedIn, signOut, who } from './api.js';
import { h, fill } from './dom.js';
import * as signin from './views/signin.js';
import * as flow from './views/flow.js';
import * as sagas from './views/sagas.js';
import * as saga from './views/saga.js';
import * as deadLetters from './views/deadletters.js';
import * as cluster from './views/cluster.js';

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const whoBox = document.getElementById('who');
let cleanup = null;

// #/flow, #/sagas?show=attention, #/sagas/<order id>, #/dead-letters?topic=..., #/cluster
function route() {
  if (typeof cleanup === 'function') {
    cleanup();
  }
  cleanup = null;
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query ?? '');
  const parts = path.split('/').filter(Boolean);
  if (!signedIn()) {
    nav.hidden = true;
    signin.render(view);
    return;
  }
  nav.hidden = false;
  const name = parts[0] ?? 'flow';
  nav.querySelectorAll('a').forEach(link => link.classList.toggle('active', link.dataset.view === name));
  if (name === 'sagas' && parts[1]) {
    saga.render(view, params, decodeURIComponent(parts[1]));
  } else if (name === 'sagas') {
    sagas.render(view, params);
  } else if (name === 'dead-letters') {
    deadLetters.render(view, params);
  } else if (name === 'cluster') {
    cleanup = cluster.render(view);
  } else {
    cleanup = flow.render(view);
  }
}

onSessionChange(() => {
  fill(whoBox, signedIn() ? [who(), h('button', { class: 'secondary', onclick: signOut }, 'Sign out')] : []);
  route();
});
window.addEventListener('hashchange', route);
route();
