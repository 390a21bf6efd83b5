'use strict';
// Access tokens from the gateway's POST /api/v1/auth/token, with Node's own fetch.
const GATEWAY = process.env.ORDERMESH_GATEWAY || 'http://127.0.0.1:8080';

async function token(grant) {
  const response = await fetch(`${GATEWAY}/api/v1/auth/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(grant),
  });
  if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`);
  return (await response.json()).access_token;
}

const userToken = (email, password) => token({ grant_type: 'password', email, password });
const clientToken = (clientId, secret) => token({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });

module.exports = { userToken, clientToken };
