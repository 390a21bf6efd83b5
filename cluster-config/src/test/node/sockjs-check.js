// Connects to the gateway's /eventbus with @vertx/eventbus-bridge-client.js, as a customer, and reports one
// JSON line per thing it saw on stdout; SockJsBridgeTest reads them. Settings come from the environment:
// GATEWAY (http://127.0.0.1:port), TOKEN (the customer's access token), PRODUCT_ID (one product to get).
'use strict';
const EventBus = require('@vertx/eventbus-bridge-client.js');

const report = (what) => process.stdout.write(JSON.stringify(what) + '\n');
const bus = new EventBus(process.env.GATEWAY + '/eventbus');
bus.defaultHeaders = { authorization: 'Bearer ' + process.env.TOKEN };
bus.enableReconnect(false);
bus.onerror = (err) => report({ seen: 'error', err });
// the test ends this program once it has seen what it waits for; this bounds it otherwise
setTimeout(() => { report({ seen: 'gave-up' }); process.exit(2); }, 120000).unref();

bus.onopen = () => {
  bus.registerHandler('order.status', (err, message) => {
    report(err ? { seen: 'status-error', err } : { seen: 'status', body: message.body });
  });
  bus.send('payment.payments', { v: 1, action: 'capture', orderId: 'sockjs-check' }, (err, reply) => {
    report({ seen: 'payments', err: err || null, reply: reply ? reply.body : null });
  });
  // sent after the register on the same socket, so its answer also says the registration is in place
  bus.send('catalog.products', { v: 1, action: 'get', ids: [process.env.PRODUCT_ID] }, (err, reply) => {
    report({ seen: 'products', err: err || null, reply: reply ? reply.body : null });
  });
};
