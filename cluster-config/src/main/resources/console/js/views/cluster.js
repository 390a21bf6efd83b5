import { get } from '../api.js';
import { h, fill, badge, table, errorLine } from '../dom.js';

const EVERY_MS = 3000;

export function render(view) {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  fill(view, h('h1', {}, 'Cluster'), body);
  const refresh = async () => {
    try {
      show(body, await get('/api/v1/admin/cluster'));
    } catch (error) {
      fill(body, errorLine(error));
    }
  };
  refresh();
  const timer = setInterval(refresh, EVERY_MS);
  return () => clearInterval(timer);
}

function show(body, cluster) {
  fill(body,
    table(['Node', 'Cluster member', 'Runs', 'Ready'], cluster.members.map(member => h('tr', { 'data-node': member.node },
      h('td', { class: 'mono' }, member.node, member.node === cluster.node ? h('span', { class: 'muted' }, ' (this one)') : null),
      h('td', { class: 'mono' }, member.clusterMember ?? 'standalone'),
      h('td', {}, [...(member.services ?? []), member.gateway ? 'gateway' : null].filter(Boolean).join(', ')),
      h('td', {}, member.reachable ? badge(member.ready ? 'UP' : 'DOWN') : badge('unreachable', 'bad'))))),
    cluster.members.map(member => h('div', { class: 'panel', 'data-node-panel': member.node },
      h('h2', {}, 'Node ', h('span', { class: 'mono' }, member.node)),
      member.reachable ? [
        h('h2', {}, 'Readiness'),
        table(['Server', 'Port', 'Status', 'Checks'], member.readiness.map(server => h('tr', {},
          h('td', {}, server.server), h('td', {}, server.port), h('td', {}, badge(server.status)),
          h('td', {}, server.checks.map(check => [badge(`${check.id} ${check.status}`, check.status), ' ']),
            server.error ? h('div', { class: 'error' }, server.error) : null)))),
        h('h2', {}, 'Breakers'),
        member.breakers.length === 0 ? h('p', { class: 'muted' }, 'No peer called yet.')
          : table(['Peer', 'State', 'Failures'], member.breakers.map(breaker => h('tr', { 'data-breaker': breaker.peer },
            h('td', { class: 'mono' }, breaker.peer), h('td', {}, badge(breaker.state)), h('td', {}, breaker.failures)))),
      ] : h('p', { class: 'error' }, member.error),
      h('h2', {}, 'Published'),
      table(['Name', 'Type', 'Location'], member.published.map(record => h('tr', {},
        h('td', { class: 'mono' }, record.name), h('td', {}, record.type), h('td', { class: 'mono' }, record.location)))))));
}
