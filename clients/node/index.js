'use strict';
// The TCP bridge protocol: each frame a 4-byte big-endian length, then that many bytes of JSON
// {type, address, replyAddress?, headers, body}. Every frame sent carries headers.authorization.
const net = require('node:net');
const tls = require('node:tls');
const { randomUUID } = require('node:crypto');

const MAX_FRAME_BYTES = 64 * 1024;

/** The bridge refused a frame: code is FORBIDDEN, AUTH_REQUIRED, RATE_LIMITED, ... */
class BridgeError extends Error {
  constructor(frame) {
    const code = frame.code || frame.failureType;
    super(`${code}: ${frame.message}`);
    this.code = code;
    this.failureCode = frame.failureCode;
    this.address = frame.address;
  }
}

/** The service answering a request failed it (or nobody answered). */
class ReplyError extends Error {
  constructor(frame) {
    super(`${frame.failureType} (${frame.failureCode}): ${frame.message}`);
    this.failureCode = frame.failureCode;
    this.failureType = frame.failureType;
  }
}

/** A delivered message; reply() or fail() answers it when its sender waits for an answer. */
class Message {
  constructor(client, frame) {
    this.client = client;
    this.address = frame.address;
    this.body = frame.body;
    this.headers = frame.headers || {};
    this.replyAddress = frame.replyAddress;
  }

  reply(body, headers) {
    return this.client.write(frame('send', this.replyAddress, body, headers));
  }

  fail(failureCode, message) {
    return this.client.write({ ...frame('send', this.replyAddress), failureCode, message });
  }
}

function frame(type, address, body, headers) {
  const f = { type, address, headers: { ...(headers || {}) } };
  if (body !== undefined) f.body = body;
  return f;
}

/**
 * send, request (with a timeout), publish, register/unregister; reconnects with backoff and registers again.
 * token: the access token, or a function (sync or async) returning the current one, asked on every frame.
 * onError: receives a BridgeError for refusals no request or handler waits for.
 */
class EventBusClient {
  constructor({ host = '127.0.0.1', port = 7000, token, tls: tlsOptions, pingInterval = 20000, reconnect = true,
    backoffInitial = 200, backoffMax = 10000, onError = () => {} }) {
    Object.assign(this, { host, port, token, tlsOptions, pingInterval, reconnect, backoffInitial, backoffMax, onError });
    this.handlers = new Map();
    this.pending = new Map();
    this.closed = false;
    this.socket = null;
    this.ready = null;
  }

  connect() {
    this.ready = this.open();
    this.pinger = setInterval(() => this.write({ type: 'ping' }).catch(() => {}), this.pingInterval);
    this.pinger.unref();
    return this.ready.then(() => this);
  }

  close() {
    this.closed = true;
    clearInterval(this.pinger);
    if (this.socket) this.socket.destroy();
    this.failPending(new Error('client closed'));
  }

  send(address, body, headers) {
    return this.write(frame('send', address, body, headers));
  }

  publish(address, body, headers) {
    return this.write(frame('publish', address, body, headers));
  }

  /** Resolves to the answer's Message; rejects with ReplyError, BridgeError, or a timeout Error. */
  request(address, body, { timeout = 10000, headers } = {}) {
    const replyAddress = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(replyAddress);
        const error = new Error(`no answer from ${address} within ${timeout} ms`);
        error.code = 'TIMEOUT';
        reject(error);
      }, timeout);
      this.pending.set(replyAddress, { resolve, reject, timer });
      this.write({ ...frame('send', address, body, headers), replyAddress }).catch((error) => {
        clearTimeout(timer);
        this.pending.delete(replyAddress);
        reject(error);
      });
    });
  }

  /** handler(message), sync or async, for each message on address; kept across reconnects. */
  register(address, handler) {
    this.handlers.set(address, handler);
    return this.write(frame('register', address));
  }

  unregister(address) {
    if (!this.handlers.delete(address)) return Promise.resolve();
    return this.write(frame('unregister', address));
  }

  async write(f) {
    await this.ready;
    const token = typeof this.token === 'function' ? await this.token() : this.token;
    f.headers = { ...(f.headers || {}), authorization: `Bearer ${token}` };
    const json = Buffer.from(JSON.stringify(f), 'utf8');
    if (json.length > MAX_FRAME_BYTES) {
      throw new RangeError(`a frame may hold at most ${MAX_FRAME_BYTES} bytes, this one ${json.length}`);
    }
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(json.length);
    this.socket.write(Buffer.concat([prefix, json]));
  }

  open() {
    return new Promise((resolve, reject) => {
      const socket = this.tlsOptions
        ? tls.connect({ host: this.host, port: this.port, ...this.tlsOptions })
        : net.connect({ host: this.host, port: this.port });
      let buffered = Buffer.alloc(0);
      socket.once(this.tlsOptions ? 'secureConnect' : 'connect', () => {
        this.socket = socket;
        resolve();
      });
      socket.on('data', (data) => {
        buffered = Buffer.concat([buffered, data]);
        while (buffered.length >= 4 && buffered.length >= 4 + buffered.readUInt32BE(0)) {
          const length = buffered.readUInt32BE(0);
          const body = buffered.subarray(4, 4 + length);
          buffered = buffered.subarray(4 + length);
          this.dispatch(JSON.parse(body.toString('utf8')));
        }
      });
      socket.on('error', (error) => {
        if (this.socket !== socket) reject(error);
      });
      socket.on('close', () => {
        if (this.socket === socket) this.lost();
      });
    });
  }

  lost() {
    this.socket = null;
    this.failPending(new Error('the bridge closed the connection'));
    if (this.closed || !this.reconnect) return;
    let delay = this.backoffInitial;
    this.ready = new Promise((resolve) => {
      const attempt = () => {
        if (this.closed) return;
        setTimeout(() => this.open().then(resolve, () => {
          delay = Math.min(delay * 2, this.backoffMax);
          attempt();
        }), delay * (0.5 + Math.random() / 2));
      };
      attempt();
    });
    this.ready.then(() => this.registerAll());
  }

  registerAll() {
    for (const address of this.handlers.keys()) {
      this.write(frame('register', address)).catch(() => {});
    }
  }

  dispatch(f) {
    if (f.type === 'pong') return;
    const waiting = f.address && this.pending.get(f.address);
    if (waiting) {
      this.pending.delete(f.address);
      clearTimeout(waiting.timer);
      if (f.type === 'err') waiting.reject(f.code ? new BridgeError(f) : new ReplyError(f));
      else waiting.resolve(new Message(this, f));
      return;
    }
    if (f.type === 'err') {
      // the bridge dropped this connection's registrations: make them again, with the current token
      if (f.code === 'TOKEN_EXPIRED') this.registerAll();
      else if (this.handlers.has(f.address) && ['FORBIDDEN', 'TOO_MANY_REGISTRATIONS'].includes(f.code)) {
        this.handlers.delete(f.address);
      }
      this.onError(new BridgeError(f));
      return;
    }
    const handler = this.handlers.get(f.address);
    if (handler) {
      Promise.resolve().then(() => handler(new Message(this, f))).catch((error) => this.onError(error));
    }
  }

  failPending(error) {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(error);
    }
    this.pending.clear();
  }
}

module.exports = { EventBusClient, BridgeError, ReplyError, Message, MAX_FRAME_BYTES };
