'use strict';
const { test, beforeEach, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { EventBusClient, BridgeError, ReplyError } = require('..');
const { FakeBridge } = require('./fake-bridge');

let bridge;
let client;
let issued;

beforeEach(async () => {
  bridge = new FakeBridge();
  const port = await bridge.start();
  issued = 0;
  client = await new EventBusClient({ port, token: () => `token-${++issued}`, backoffInitial: 50, backoffMax: 200 }).connect();
});

afterEach(async () => {
  client.close();
  await bridge.stop();
});

test('every frame carries the current token', async () => {
  const sent = bridge.next('send');
  await client.send('catalog.products', { v: 1 });
  const published = bridge.next('publish');
  await client.publish('some.address', { v: 1 });

  assert.equal((await sent).headers.authorization, 'Bearer token-1');
  assert.equal((await published).headers.authorization, 'Bearer token-2');
  assert.equal((await sent).replyAddress, undefined);
});

test('a request gets the answer sent to its reply address', async () => {
  bridge.onFrame = (f, socket) => {
    if (f.replyAddress) bridge.write({ type: 'message', address: f.replyAddress, body: { v: 1, ok: true } }, socket);
  };

  const reply = await client.request('catalog.products', { v: 1, action: 'get', ids: ['p-1'] });

  assert.deepEqual(reply.body, { v: 1, ok: true });
});

test('a request nobody answers times out', async () => {
  await assert.rejects(client.request('catalog.products', { v: 1 }, { timeout: 200 }), { code: 'TIMEOUT' });
});

test('a refused request rejects with the refusal code and a failed one with the failure', async () => {
  bridge.onFrame = (f, socket) => {
    if (f.address === 'payment.payments') {
      bridge.write({ type: 'err', code: 'FORBIDDEN', failureCode: 403, failureType: 'FORBIDDEN', address: f.replyAddress, message: 'no' }, socket);
    } else if (f.replyAddress) {
      bridge.write({ type: 'err', failureCode: 404, failureType: 'RECIPIENT_FAILURE', address: f.replyAddress, message: 'unknown' }, socket);
    }
  };

  await assert.rejects(client.request('payment.payments', { v: 1 }), (e) => e instanceof BridgeError && e.code === 'FORBIDDEN');
  await assert.rejects(client.request('catalog.products', { v: 1 }), (e) => e instanceof ReplyError && e.failureCode === 404);
});

test('a registered handler receives messages and replies to their sender', async () => {
  const registered = bridge.next('register');
  await client.register('saga.step.risk', (message) => message.reply({ v: 1, approved: message.body.total <= 100 }));
  await registered;
  const reply = bridge.next('send');

  bridge.write({ type: 'message', address: 'saga.step.risk', replyAddress: 'r-42', send: true, body: { v: 1, total: 500 } });

  const answer = await reply;
  assert.equal(answer.address, 'r-42');
  assert.deepEqual(answer.body, { v: 1, approved: false });
});

test('a handler can fail a message', async () => {
  const registered = bridge.next('register');
  await client.register('saga.step.risk', (message) => message.fail(409, 'RISK_DECLINED'));
  await registered;
  const failure = bridge.next('send');

  bridge.write({ type: 'message', address: 'saga.step.risk', replyAddress: 'r-7', body: {} });

  const f = await failure;
  assert.deepEqual([f.address, f.failureCode, f.message], ['r-7', 409, 'RISK_DECLINED']);
});

test('it reconnects after the bridge drops it and registers again', async () => {
  const registered = bridge.next('register');
  await client.register('order.status', () => {});
  await registered;
  const again = bridge.next('register');

  bridge.dropConnections();

  assert.equal((await again).address, 'order.status');
  const sent = bridge.next('send');
  await client.send('catalog.products', { v: 1 });
  assert.equal((await sent).address, 'catalog.products');
});

test('an expired token makes it register again with a fresh one', async () => {
  const registered = bridge.next('register');
  await client.register('order.status', () => {});
  const first = await registered;
  const again = bridge.next('register');

  bridge.write({ type: 'err', code: 'TOKEN_EXPIRED', failureCode: 401, message: 'expired' });

  assert.notEqual((await again).headers.authorization, first.headers.authorization);
});

test('a frame over 64 KiB is refused before it is sent', async () => {
  await assert.rejects(client.send('catalog.products', { padding: 'x'.repeat(64 * 1024) }), RangeError);
});
