'use strict';
// A bridge for the client's tests: speaks the framing, records every frame, and answers as a test says.
const net = require('node:net');

class FakeBridge {
  constructor() {
    this.frames = [];
    this.waiters = [];
    this.sockets = [];
    this.onFrame = null;
  }

  start() {
    this.server = net.createServer((socket) => {
      this.sockets.push(socket);
      let buffered = Buffer.alloc(0);
      socket.on('error', () => {});
      socket.on('data', (data) => {
        buffered = Buffer.concat([buffered, data]);
        while (buffered.length >= 4 && buffered.length >= 4 + buffered.readUInt32BE(0)) {
          const length = buffered.readUInt32BE(0);
          const f = JSON.parse(buffered.subarray(4, 4 + length).toString('utf8'));
          buffered = buffered.subarray(4 + length);
          this.frames.push(f);
          if (this.onFrame) this.onFrame(f, socket);
          this.waiters = this.waiters.filter((w) => !w(f));
        }
      });
    });
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve(this.server.address().port)));
  }

  write(f, socket = this.sockets[this.sockets.length - 1]) {
    const json = Buffer.from(JSON.stringify(f));
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(json.length);
    socket.write(Buffer.concat([prefix, json]));
  }

  /** The next frame of that type received from now on, within 5 s. */
  next(type) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} frame within 5 s`)), 5000);
      this.waiters.push((f) => {
        if (type && f.type !== type) return false;
        clearTimeout(timer);
        resolve(f);
        return true;
      });
    });
  }

  dropConnections() {
    this.sockets.forEach((socket) => socket.destroy());
    this.sockets = [];
  }

  stop() {
    this.dropConnections();
    return new Promise((resolve) => this.server.close(resolve));
  }
}

module.exports = { FakeBridge };
