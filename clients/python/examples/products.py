"""Asks catalog.products for product snapshots over the TCP bridge, as a signed-in user.

    ORDERMESH_EMAIL=admin@ordermesh.local ORDERMESH_PASSWORD=... python3 examples/products.py <productId>...
"""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from ordermesh_bridge import EventBusClient  # noqa: E402
from tokens import user_token  # noqa: E402


async def main(ids):
    token = user_token(os.environ["ORDERMESH_EMAIL"], os.environ["ORDERMESH_PASSWORD"])
    async with EventBusClient(os.environ.get("ORDERMESH_BRIDGE_HOST", "127.0.0.1"),
                              int(os.environ.get("ORDERMESH_BRIDGE_PORT", "7000")), token) as bus:
        reply = await bus.request("catalog.products", {"v": 1, "action": "get", "ids": ids}, timeout=10)
        for product in reply.body["products"]:
            print(product["id"], product["name"], product["priceMinor"], product["currency"])
        for missing in reply.body["missing"]:
            print(missing, "not found")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
