"""A bridge for the client's tests: speaks the framing, records every frame, and answers as a test says."""

import asyncio
import json
import struct


class FakeBridge:
    def __init__(self):
        self.frames = asyncio.Queue()
        self.writers = []
        self.on_frame = None
        self.server = None

    async def start(self):
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self.server.sockets[0].getsockname()[1]

    async def stop(self):
        self.drop_connections()
        self.server.close()
        await self.server.wait_closed()

    def drop_connections(self):
        for writer in self.writers:
            writer.close()
        self.writers.clear()

    async def write(self, frame, writer=None):
        data = json.dumps(frame).encode()
        target = writer or self.writers[-1]
        target.write(struct.pack(">I", len(data)) + data)
        await target.drain()

    async def next_frame(self, kind=None, timeout=5):
        while True:
            frame = await asyncio.wait_for(self.frames.get(), timeout)
            if kind is None or frame.get("type") == kind:
                return frame

    async def _serve(self, reader, writer):
        self.writers.append(writer)
        try:
            while True:
                (length,) = struct.unpack(">I", await reader.readexactly(4))
                frame = json.loads(await reader.readexactly(length))
                await self.frames.put(frame)
                if self.on_frame is not None:
                    await self.on_frame(frame, writer)
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
