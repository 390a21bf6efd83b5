'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');

process.env.RISK_LIMIT = '500';
const { decide } = require('../examples/risk-step');

test('the risk step declines an order over the limit with its reason', () => {
  assert.deepEqual(decide({ v: 1, action: 'check', total: 500.01 }), { v: 1, outcome: 'DECLINED', reason: 'RISK_DECLINED' });
});

test('the risk step approves an order within the limit', () => {
  assert.equal(decide({ v: 1, action: 'check', total: 500 }).outcome, 'APPROVED');
});
