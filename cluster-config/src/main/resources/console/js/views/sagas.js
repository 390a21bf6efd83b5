import { get } from '../api.js';
import { h, fill, badge, money, table, time, errorLine } from '../dom.js';

const REASONS = ['OUT_OF_STOCK', 'PAYMENT_DECLINED', 'PAYMENT_UNAVAILABLE', 'CUSTOMER_CANCELLED', 'TIMEOUT'];
const SHOWS = {
  all: {},
  inflight: { status: 'PENDING' },
  attention: { attention: 'true' },
  cancelled: { status: 'CANCELLED' },
  confirmed: { status: 'CONFIRMED' },
};

export function render(view, params) {
  const show = h('select', { name: 'show' },
    h('option', { value: 'all' }, 'all orders'),
    h('option', { value: 'inflight' }, 'in flight'),
    h('option', { value: 'attention' }, 'needing attention'),
    h('option', { value: 'cancelled' }, 'cancelled'),
    h('option', { value: 'confirmed' }, 'confirmed'));
  const reason = h('select', { name: 'reason' }, h('option', { value: '' }, 'any reason'),
    REASONS.map(r => h('option', { value: r }, r)));
  const customer = h('input', { name: 'customerId', placeholder: 'customer id' });
  const orderId = h('input', { name: 'orderId', placeholder: 'order id' });
  show.value = params.get('show') ?? 'all';
  reason.value = params.get('reason') ?? '';
  customer.value = params.get('customerId') ?? '';
  const results = h('div');
  const apply = event => {
    event.preventDefault();
    if (orderId.value.trim()) {
      location.hash = `#/sagas/${encodeURIComponent(orderId.value.trim())}`;
      return;
    }
    const query = new URLSearchParams({ show: show.value });
    if (reason.value) query.set('reason', reason.value);
    if (customer.value.trim()) query.set('customerId', customer.value.trim());
    location.hash = `#/sagas?${query}`;
  };
  fill(view, h('h1', {}, 'Sagas'),
    h('form', { class: 'filters', onsubmit: apply },
      h('label', {}, 'Show', show), h('label', {}, 'Cancelled for', reason),
      h('label', {}, 'Customer', customer), h('label', {}, 'Or open order', orderId),
      h('button', { type: 'submit' }, 'Apply')),
    results);
  load(results, query(show.value, reason.value, customer.value.trim()));
}

function query(show, reason, customerId) {
  const query = new URLSearchParams({ limit: '50', ...SHOWS[show] });
  if (reason) {
    query.set('status', 'CANCELLED');
    query.set('reason', reason);
  }
  if (customerId) query.set('customerId', customerId);
  return query;
}

async function load(results, query, cursor) {
  if (cursor) query.set('cursor', cursor);
  try {
    const page = await get(`/api/v1/orders?${query}`);
    const rows = page.items.map(order => h('tr', {
      class: 'clickable', 'data-order': order.id,
      onclick: () => { location.hash = `#/sagas/${encodeURIComponent(order.id)}`; },
    },
    h('td', { class: 'mono' }, order.id),
    h('td', {}, badge(order.status), order.attention ? [' ', badge('needs attention', 'attention')] : null),
    h('td', {}, order.reason ?? (order.attention ? `${order.attention.step}: ${order.attention.reason}` : '')),
    h('td', { class: 'mono' }, order.customerId),
    h('td', {}, money(order.total, order.currency)),
    h('td', {}, time(order.createdAt))));
    fill(results,
      rows.length === 0 ? h('p', { class: 'muted' }, 'No orders match.')
        : table(['Order', 'Status', 'Reason', 'Customer', 'Total', 'Placed'], rows),
      page.nextCursor ? h('p', {}, h('button', { class: 'secondary', onclick: () => load(results, query, page.nextCursor) },
        'Next page')) : null);
  } catch (error) {
    fill(results, errorLine(error));
  }
}
