import { get, post } from '../api.js';
import { h, fill, badge, money, time, errorLine } from '../dom.js';

export async function render(view, params, orderId) {
  fill(view, h('h1', {}, 'Order ', h('span', { class: 'mono' }, orderId)), h('p', { class: 'muted' }, 'Loading…'));
  try {
    const path = `/api/v1/orders/${encodeURIComponent(orderId)}`;
    const [order, saga] = await Promise.all([get(path), get(`${path}/saga`)]);
    fill(view, h('h1', {}, 'Order ', h('span', { class: 'mono' }, orderId)),
      facts(order, saga), order.attention ? attention(view, params, order) : null, timeline(saga.saga ?? {}));
  } catch (error) {
    fill(view, h('h1', {}, 'Order ', h('span', { class: 'mono' }, orderId)), errorLine(error),
      h('p', {}, h('a', { href: '#/sagas' }, 'Back to the list')));
  }
}

function facts(order, saga) {
  const progress = saga.saga ?? {};
  const trace = saga.traceId;
  return h('div', { class: 'panel' }, h('dl', { class: 'facts' },
    h('dt', {}, 'Status'), h('dd', { 'data-testid': 'order-status' }, badge(order.status),
      order.attention ? [' ', badge('needs attention', 'attention')] : null),
    order.reason ? [h('dt', {}, 'Reason'), h('dd', {}, order.reason)] : null,
    h('dt', {}, 'Customer'), h('dd', { class: 'mono' }, order.customerId),
    h('dt', {}, 'Total'), h('dd', {}, money(order.total, order.currency)),
    h('dt', {}, 'Refunded'), h('dd', { 'data-testid': 'order-refunded' }, money(order.refunded, order.currency)),
    h('dt', {}, 'Payment method'), h('dd', {}, order.paymentMethod),
    h('dt', {}, 'Placed'), h('dd', {}, time(order.createdAt)),
    h('dt', {}, 'Updated'), h('dd', {}, time(order.updatedAt)),
    h('dt', {}, 'Saga'), h('dd', {}, `${progress.direction ?? ''} ${progress.done ? 'done' : 'running'}`,
      progress.deadline ? `, deadline ${time(progress.deadline.$date ?? progress.deadline)}` : ''),
    trace ? [h('dt', {}, 'Trace'), h('dd', { class: 'mono' }, trace)] : null));
}

function attention(view, params, order) {
  const outcome = h('div');
  const retry = h('button', {
    onclick: async () => {
      retry.disabled = true;
      try {
        await post(`/api/v1/orders/${encodeURIComponent(order.id)}/saga/retry`);
        fill(outcome, h('p', { class: 'notice' }, 'Retry started.'));
        setTimeout(() => render(view, params, order.id), 1500);
      } catch (error) {
        retry.disabled = false;
        fill(outcome, errorLine(error));
      }
    },
  }, `Retry ${order.attention.step}`);
  return h('div', { class: 'panel attention-box', 'data-testid': 'attention' },
    h('h2', {}, 'Needs attention'),
    h('p', {}, `Step ${order.attention.step}: ${order.attention.reason}`),
    h('p', { class: 'muted' }, `Since ${time(order.attention.since)}`),
    retry, outcome);
}

function timeline(progress) {
  const steps = progress.steps ?? [];
  return h('div', { class: 'panel' }, h('h2', {}, 'Timeline'),
    steps.length === 0 ? h('p', { class: 'muted' }, 'No step has ended yet.') : h('ol', { class: 'timeline', 'data-testid': 'timeline' },
      steps.map(step => h('li', { 'data-step': step.step },
        h('span', { class: 'mono' }, step.step),
        h('span', {}, badge(step.outcome, outcomeKind(step.outcome))),
        h('span', { class: 'muted' }, `${step.attempts} attempt${step.attempts === 1 ? '' : 's'}`),
        h('span', {}, `${time(step.startedAt)} → ${time(step.endedAt)}`, step.detail ? h('div', { class: 'muted' }, step.detail) : null)))));
}

function outcomeKind(outcome) {
  if (/^(done|ok|succeeded|approved|reserved|authorized|captured|committed|confirmed)/i.test(outcome)) return 'ok';
  if (/(fail|refus|declin|gave|error|timeout)/i.test(outcome)) return 'bad';
  return 'warn';
}
