"""A risk check as an extension saga step: answers saga.step.risk, declining orders over a limit.

Needs a service client with the saga.step scope (ORDERMESH_AUTH_CLIENT_SECRETS='{"risk": {"secret": "...",
"scopes": ["saga.step"]}}' on the node), and the step declared in ORDERMESH_SAGA_EXTENSIONS (docs/extending.md).

    RISK_CLIENT_SECRET=... RISK_LIMIT=500 python3 examples/risk_step.py
"""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from ordermesh_bridge import EventBusClient  # noqa: E402
from tokens import client_token  # noqa: E402

ADDRESS = "saga.step.risk"
LIMIT = float(os.environ.get("RISK_LIMIT", "1000"))


def decide(command):
    """{v:1, action:"check", orderId, customerId, total, currency, items} -> the step's answer."""
    if command.get("action") == "compensate":
        return {"v": 1, "outcome": "COMPENSATED"}
    if float(command["total"]) > LIMIT:
        return {"v": 1, "outcome": "DECLINED", "reason": "RISK_DECLINED"}
    return {"v": 1, "outcome": "APPROVED"}


async def main():
    client_id = os.environ.get("RISK_CLIENT_ID", "risk")
    secret = os.environ["RISK_CLIENT_SECRET"]
    # asked on every frame: a fresh token before the current one (15 minutes at most) runs out
    tokens = {"value": client_token(client_id, secret)}

    async def refresh_every_ten_minutes():
        while True:
            await asyncio.sleep(600)
            tokens["value"] = client_token(client_id, secret)

    bus = EventBusClient(os.environ.get("ORDERMESH_BRIDGE_HOST", "127.0.0.1"),
                         int(os.environ.get("ORDERMESH_BRIDGE_PORT", "7000")), lambda: tokens["value"],
                         on_error=lambda error: print("bridge refused:", error, file=sys.stderr))
    await bus.connect()

    async def on_command(message):
        answer = decide(message.body)
        print(message.body.get("orderId"), answer["outcome"], flush=True)
        await message.reply(answer)

    await bus.register(ADDRESS, on_command)
    print("answering", ADDRESS, "with limit", LIMIT, flush=True)
    await refresh_every_ten_minutes()


if __name__ == "__main__":
    asyncio.run(main())
