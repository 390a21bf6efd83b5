'use strict';
// Asks catalog.products for product snapshots over the TCP bridge, as a signed-in user.
//   ORDERMESH_EMAIL=admin@ordermesh.local ORDERMESH_PASSWORD=... node examples/products.js <productId>...
const { EventBusClient } = require('..');
const { userToken } = require('./tokens');

async function main(ids) {
  const token = await userToken(process.env.ORDERMESH_EMAIL, process.env.ORDERMESH_PASSWORD);
  const bus = await new EventBusClient({
    host: process.env.ORDERMESH_BRIDGE_HOST || '127.0.0.1', port: Number(process.env.ORDERMESH_BRIDGE_PORT || 7000), token,
  }).connect();
  try {
    const reply = await bus.request('catalog.products', { v: 1, action: 'get', ids }, { timeout: 10000 });
    for (const p of reply.body.products) console.log(p.id, p.name, p.priceMinor, p.currency);
    for (const id of reply.body.missing) console.log(id, 'not found');
  } finally {
    bus.close();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error.message);
  process.exit(1);
});
