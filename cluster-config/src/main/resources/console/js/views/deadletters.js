import { get, post } from '../api.js';
import { h, fill, table, time, errorLine } from '../dom.js';

export async function render(view, params) {
  fill(view, h('h1', {}, 'Dead letters'), h('p', { class: 'muted' }, 'Loading…'));
  try {
    const { topics } = await get('/api/v1/admin/dead-letters');
    const chosen = params.get('topic') ?? topics.find(topic => topic.count > 0)?.topic ?? topics[0]?.topic;
    const letters = h('div');
    fill(view, h('h1', {}, 'Dead letters'),
      topics.length === 0 ? h('p', { class: 'muted' }, 'No dead-letter topic exists: nothing has failed.')
        : table(['Topic', 'Replays to', 'Letters'], topics.map(topic => h('tr', {
          class: 'clickable', 'data-topic': topic.topic,
          onclick: () => { location.hash = `#/dead-letters?topic=${encodeURIComponent(topic.topic)}`; },
        }, h('td', { class: 'mono' }, topic.topic), h('td', { class: 'mono' }, topic.originalTopic), h('td', {}, topic.count)))),
      letters);
    if (chosen) {
      await showLetters(letters, chosen);
    }
  } catch (error) {
    fill(view, h('h1', {}, 'Dead letters'), errorLine(error));
  }
}

async function showLetters(container, topic) {
  const outcome = h('div', { 'data-testid': 'replay-outcome' });
  const { items } = await get(`/api/v1/admin/dead-letters/${encodeURIComponent(topic)}?limit=100`);
  const replay = async (path, button) => {
    button.disabled = true;
    try {
      const answer = await post(path);
      fill(outcome, h('p', { class: 'notice' }, answer.replayed.map(r =>
        `Replayed ${r.partition}/${r.offset} to ${r.replayedTo.topic} ${r.replayedTo.partition}/${r.replayedTo.offset}.`).join(' ')));
    } catch (error) {
      fill(outcome, errorLine(error));
    } finally {
      button.disabled = false;
    }
  };
  const base = `/api/v1/admin/dead-letters/${encodeURIComponent(topic)}`;
  const all = h('button', { onclick: event => replay(`${base}/replay`, event.currentTarget) }, 'Replay all');
  fill(container, h('h2', {}, h('span', { class: 'mono' }, topic)),
    items.length === 0 ? h('p', { class: 'muted' }, 'This topic holds no letters.') : [
      h('p', {}, all, ' ', h('span', { class: 'muted' }, 'A replay sends a copy to the original topic; the letters stay here.')),
      table(['Partition/offset', 'When', 'Event', 'Error', 'Attempts', ''], items.map(letter => h('tr', {
        'data-letter': `${letter.partition}/${letter.offset}`,
      },
      h('td', { class: 'mono' }, `${letter.partition}/${letter.offset}`),
      h('td', {}, time(letter.deadLetteredAt)),
      h('td', {}, letter.type ?? h('span', { class: 'muted' }, 'not a CloudEvent'), h('div', { class: 'mono muted' }, letter.eventId ?? letter.key)),
      h('td', {}, letter.error, h('div', { class: 'muted mono' }, letter.exception)),
      h('td', {}, letter.attempts),
      h('td', {}, h('button', { class: 'secondary', onclick: event =>
        replay(`${base}/${letter.partition}/${letter.offset}/replay`, event.currentTarget) }, 'Replay')))))],
    outcome);
}
