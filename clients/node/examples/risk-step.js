'use strict';
// A risk check as an extension saga step: answers saga.step.risk, declining orders over a limit.
// Needs a service client with the saga.step scope and the step declared in ORDERMESH_SAGA_EXTENSIONS
// (docs/extending.md).   RISK_CLIENT_SECRET=... RISK_LIMIT=500 node examples/risk-step.js
const { EventBusClient } = require('..');
const { clientToken } = require('./tokens');

const ADDRESS = 'saga.step.risk';
const LIMIT = Number(process.env.RISK_LIMIT || 1000);

/** {v:1, action:"check", orderId, customerId, total, currency, items} -> the step's answer. */
function decide(command) {
  if (command.action === 'compensate') return { v: 1, outcome: 'COMPENSATED' };
  if (Number(command.total) > LIMIT) return { v: 1, outcome: 'DECLINED', reason: 'RISK_DECLINED' };
  return { v: 1, outcome: 'APPROVED' };
}

async function main() {
  const clientId = process.env.RISK_CLIENT_ID || 'risk';
  const secret = process.env.RISK_CLIENT_SECRET;
  let token = await clientToken(clientId, secret);
  // asked on every frame: a fresh token before the current one (15 minutes at most) runs out
  setInterval(async () => { token = await clientToken(clientId, secret); }, 600000);

  const bus = await new EventBusClient({
    host: process.env.ORDERMESH_BRIDGE_HOST || '127.0.0.1', port: Number(process.env.ORDERMESH_BRIDGE_PORT || 7000),
    token: () => token, onError: (error) => console.error('bridge refused:', error.message),
  }).connect();
  await bus.register(ADDRESS, (message) => {
    const answer = decide(message.body);
    console.log(message.body.orderId, answer.outcome);
    return message.reply(answer);
  });
  console.log('answering', ADDRESS, 'with limit', LIMIT);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}

module.exports = { decide };
