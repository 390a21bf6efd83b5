"""The TCP bridge protocol: each frame a 4-byte big-endian length, then that many bytes of JSON
{type, address, replyAddress?, headers, body}. Every frame sent carries headers.authorization."""

import asyncio
import inspect
import json
import random
import struct
import uuid

MAX_FRAME_BYTES = 64 * 1024


class BridgeError(Exception):
    """The bridge refused a frame: code is FORBIDDEN, AUTH_REQUIRED, RATE_LIMITED, ..."""

    def __init__(self, frame):
        self.code = frame.get("code") or frame.get("failureType")
        self.failure_code = frame.get("failureCode")
        self.address = frame.get("address")
        super().__init__(f"{self.code}: {frame.get('message')}")


class ReplyError(Exception):
    """The service answering a request failed it (or nobody answered: failure_type NO_HANDLERS, TIMEOUT)."""

    def __init__(self, frame):
        self.failure_code = frame.get("failureCode")
        self.failure_type = frame.get("failureType")
        super().__init__(f"{self.failure_type} ({self.failure_code}): {frame.get('message')}")


class Message:
    """A message the bridge delivered; reply() or fail() answers it when its sender waits for an answer."""

    def __init__(self, client, frame):
        self._client = client
        self.address = frame.get("address")
        self.body = frame.get("body")
        self.headers = frame.get("headers") or {}
        self.reply_address = frame.get("replyAddress")

    async def reply(self, body, headers=None):
        await self._client._write(self._client._frame("send", self.reply_address, body, headers))

    async def fail(self, failure_code, message):
        frame = self._client._frame("send", self.reply_address, None, None)
        frame["failureCode"] = failure_code
        frame["message"] = message
        await self._client._write(frame)


class EventBusClient:
    """send, request (with a timeout), publish, register/unregister; reconnects with backoff and registers again.

    token is the access token, or a function (plain or async) returning the current one, asked on every frame.
    on_error receives a BridgeError for refusals that no request or handler waits for.
    """

    def __init__(self, host, port, token, *, ssl=None, ping_interval=20.0, reconnect=True,
                 backoff_initial=0.2, backoff_max=10.0, on_error=None):
        self._host, self._port, self._ssl = host, port, ssl
        self._token = token
        self._ping_interval = ping_interval
        self._reconnect = reconnect
        self._backoff_initial, self._backoff_max = backoff_initial, backoff_max
        self.on_error = on_error or (lambda error: None)
        self._handlers = {}
        self._pending = {}
        self._reader = self._writer = None
        self._connected = asyncio.Event()
        self._closed = False
        self._tasks = []

    async def connect(self):
        await self._open()
        self._tasks = [asyncio.create_task(self._read_loop()), asyncio.create_task(self._ping_loop())]
        return self

    async def close(self):
        self._closed = True
        for task in self._tasks:
            task.cancel()
        if self._writer is not None:
            self._writer.close()
        self._fail_pending(ConnectionError("client closed"))

    async def __aenter__(self):
        return await self.connect()

    async def __aexit__(self, *exc):
        await self.close()

    async def send(self, address, body, headers=None):
        await self._write(self._frame("send", address, body, headers))

    async def publish(self, address, body, headers=None):
        await self._write(self._frame("publish", address, body, headers))

    async def request(self, address, body, timeout=10.0, headers=None):
        """The answer's Message; raises ReplyError, BridgeError, or asyncio.TimeoutError after timeout seconds."""
        reply_address = str(uuid.uuid4())
        frame = self._frame("send", address, body, headers)
        frame["replyAddress"] = reply_address
        answer = asyncio.get_running_loop().create_future()
        self._pending[reply_address] = answer
        try:
            await self._write(frame)
            return await asyncio.wait_for(answer, timeout)
        finally:
            self._pending.pop(reply_address, None)

    async def register(self, address, handler):
        """handler(message), plain or async, for each message on address; kept across reconnects."""
        self._handlers[address] = handler
        await self._write(self._frame("register", address, None, None))

    async def unregister(self, address):
        if self._handlers.pop(address, None) is not None:
            await self._write(self._frame("unregister", address, None, None))

    async def _token_value(self):
        token = self._token() if callable(self._token) else self._token
        return await token if inspect.isawaitable(token) else token

    def _frame(self, frame_type, address, body, headers):
        frame = {"type": frame_type, "address": address, "headers": dict(headers or {})}
        if body is not None:
            frame["body"] = body
        return frame

    async def _write(self, frame):
        await self._connected.wait()
        frame.setdefault("headers", {})["authorization"] = "Bearer " + await self._token_value()
        data = json.dumps(frame, separators=(",", ":")).encode("utf-8")
        if len(data) > MAX_FRAME_BYTES:
            raise ValueError(f"a frame may hold at most {MAX_FRAME_BYTES} bytes, this one {len(data)}")
        self._writer.write(struct.pack(">I", len(data)) + data)
        await self._writer.drain()

    async def _open(self):
        self._reader, self._writer = await asyncio.open_connection(self._host, self._port, ssl=self._ssl)
        self._connected.set()

    async def _read_loop(self):
        while not self._closed:
            try:
                header = await self._reader.readexactly(4)
                (length,) = struct.unpack(">I", header)
                frame = json.loads(await self._reader.readexactly(length))
            except (asyncio.IncompleteReadError, ConnectionError, OSError):
                if self._closed or not self._reconnect:
                    self._fail_pending(ConnectionError("the bridge closed the connection"))
                    return
                await self._reconnect_with_backoff()
                continue
            await self._dispatch(frame)

    async def _reconnect_with_backoff(self):
        self._connected.clear()
        self._fail_pending(ConnectionError("the bridge closed the connection"))
        delay = self._backoff_initial
        while not self._closed:
            await asyncio.sleep(delay * (0.5 + random.random() / 2))
            try:
                await self._open()
            except OSError:
                delay = min(delay * 2, self._backoff_max)
                continue
            await self._register_all()
            return

    async def _register_all(self):
        for address in list(self._handlers):
            await self._write(self._frame("register", address, None, None))

    async def _dispatch(self, frame):
        address = frame.get("address")
        kind = frame.get("type")
        if kind == "pong":
            return
        waiting = self._pending.pop(address, None) if address else None
        if waiting is not None:
            if not waiting.done():
                if kind == "err":
                    waiting.set_exception(BridgeError(frame) if "code" in frame else ReplyError(frame))
                else:
                    waiting.set_result(Message(self, frame))
            return
        if kind == "err":
            if frame.get("code") == "TOKEN_EXPIRED":
                # the bridge dropped this connection's registrations: make them again, with the current token
                asyncio.ensure_future(self._register_all())
            elif address in self._handlers and frame.get("code") in ("FORBIDDEN", "TOO_MANY_REGISTRATIONS"):
                self._handlers.pop(address, None)
            self.on_error(BridgeError(frame))
            return
        handler = self._handlers.get(address)
        if handler is not None:
            result = handler(Message(self, frame))
            if inspect.isawaitable(result):
                asyncio.ensure_future(result)

    async def _ping_loop(self):
        while not self._closed:
            await asyncio.sleep(self._ping_interval)
            if self._connected.is_set():
                try:
                    await self._write({"type": "ping"})
                except (ConnectionError, OSError):
                    pass

    def _fail_pending(self, error):
        for answer in self._pending.values():
            if not answer.done():
                answer.set_exception(error)
        self._pending.clear()
