import { get } from '../api.js';
import { h, fill, card, table, errorLine } from '../dom.js';

const EVERY_MS = 2000;

export function render(view) {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  fill(view, h('h1', {}, 'Order flow now'), body);
  const refresh = async () => {
    try {
      show(body, await get('/api/v1/admin/flow'));
    } catch (error) {
      fill(body, errorLine(error));
    }
  };
  refresh();
  const timer = setInterval(refresh, EVERY_MS);
  return () => clearInterval(timer);
}

function show(body, flow) {
  const rate = status => (flow.ordersPerSecond[status] ?? 0).toFixed(1);
  const reasons = Object.entries(flow.cancellationsByReason);
  fill(body,
    h('div', { class: 'cards' },
      card('Placed / s', rate('PENDING'), 'rate-PENDING'),
      card('Confirmed / s', rate('CONFIRMED'), 'rate-CONFIRMED'),
      card('Cancelled / s', rate('CANCELLED'), 'rate-CANCELLED'),
      card('Sagas in flight', flow.sagasInFlight, 'sagas-in-flight')),
    h('p', { class: 'muted' }, `Rates over the last ${flow.rateWindowSeconds} s, as node ${flow.node} hears order.status.`),
    h('h2', {}, `Cancellations by reason, last ${Math.round(flow.reasonWindowSeconds / 60)} minutes`),
    reasons.length === 0
      ? h('p', { class: 'muted' }, 'No cancellations.')
      : table(['Reason', 'Orders'], reasons.map(([reason, count]) =>
        h('tr', { 'data-reason': reason }, h('td', {}, reason), h('td', {}, count)))),
    h('h2', {}, 'Status changes since this node started'),
    table(['Status', 'Changes'], Object.entries(flow.statusChangesSinceStart).map(([status, count]) =>
      h('tr', {}, h('td', {}, status), h('td', {}, count)))));
}
