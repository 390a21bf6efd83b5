"""A client for the ordermesh TCP event bus bridge, on the Python standard library only (asyncio)."""

from .client import BridgeError, EventBusClient, Message, ReplyError

__all__ = ["BridgeError", "EventBusClient", "Message", "ReplyError"]
