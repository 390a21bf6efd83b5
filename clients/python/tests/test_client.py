import asyncio
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from ordermesh_bridge import BridgeError, EventBusClient, ReplyError  # noqa: E402
from fake_bridge import FakeBridge  # noqa: E402


class ClientTest(unittest.IsolatedAsyncioTestCase):

    async def asyncSetUp(self):
        self.bridge = FakeBridge()
        port = await self.bridge.start()
        self.tokens = iter(f"token-{i}" for i in range(1, 1000))
        self.client = await EventBusClient("127.0.0.1", port, lambda: next(self.tokens),
                                           backoff_initial=0.05, backoff_max=0.2).connect()

    async def asyncTearDown(self):
        await self.client.close()
        await self.bridge.stop()

    async def test_every_frame_carries_the_current_token(self):
        await self.client.send("catalog.products", {"v": 1})
        await self.client.publish("some.address", {"v": 1})

        sent = await self.bridge.next_frame("send")
        published = await self.bridge.next_frame("publish")
        self.assertEqual(sent["headers"]["authorization"], "Bearer token-1")
        self.assertEqual(published["headers"]["authorization"], "Bearer token-2")
        self.assertEqual(sent["address"], "catalog.products")
        self.assertNotIn("replyAddress", sent)

    async def test_a_request_gets_the_answer_sent_to_its_reply_address(self):
        async def answer(frame, writer):
            if frame.get("replyAddress"):
                await self.bridge.write({"type": "message", "address": frame["replyAddress"], "body": {"v": 1, "ok": True}}, writer)
        self.bridge.on_frame = answer

        reply = await self.client.request("catalog.products", {"v": 1, "action": "get", "ids": ["p-1"]})

        self.assertEqual(reply.body, {"v": 1, "ok": True})

    async def test_a_request_nobody_answers_times_out(self):
        with self.assertRaises(asyncio.TimeoutError):
            await self.client.request("catalog.products", {"v": 1}, timeout=0.2)

    async def test_a_refused_request_raises_the_refusal_code_and_a_failed_one_the_failure(self):
        async def refuse(frame, writer):
            if frame.get("address") == "payment.payments":
                await self.bridge.write({"type": "err", "code": "FORBIDDEN", "failureCode": 403, "failureType": "FORBIDDEN",
                                         "address": frame["replyAddress"], "message": "not allowed"}, writer)
            elif frame.get("replyAddress"):
                await self.bridge.write({"type": "err", "failureCode": 404, "failureType": "RECIPIENT_FAILURE",
                                         "address": frame["replyAddress"], "message": "unknown product"}, writer)
        self.bridge.on_frame = refuse

        with self.assertRaises(BridgeError) as refused:
            await self.client.request("payment.payments", {"v": 1})
        with self.assertRaises(ReplyError) as failed:
            await self.client.request("catalog.products", {"v": 1})

        self.assertEqual(refused.exception.code, "FORBIDDEN")
        self.assertEqual(failed.exception.failure_code, 404)

    async def test_a_registered_handler_receives_messages_and_replies_to_their_sender(self):
        async def decline(message):
            await message.reply({"v": 1, "approved": message.body["total"] <= 100})
        await self.client.register("saga.step.risk", decline)
        await self.bridge.next_frame("register")

        await self.bridge.write({"type": "message", "address": "saga.step.risk", "replyAddress": "r-42", "send": True,
                                 "body": {"v": 1, "total": 500}})

        reply = await self.bridge.next_frame("send")
        self.assertEqual(reply["address"], "r-42")
        self.assertEqual(reply["body"], {"v": 1, "approved": False})
        self.assertTrue(reply["headers"]["authorization"].startswith("Bearer "))

    async def test_a_handler_can_fail_a_message(self):
        await self.client.register("saga.step.risk", lambda message: message.fail(409, "RISK_DECLINED"))
        await self.bridge.next_frame("register")

        await self.bridge.write({"type": "message", "address": "saga.step.risk", "replyAddress": "r-7", "body": {}})

        failure = await self.bridge.next_frame("send")
        self.assertEqual((failure["address"], failure["failureCode"], failure["message"]), ("r-7", 409, "RISK_DECLINED"))

    async def test_it_reconnects_after_the_bridge_drops_it_and_registers_again(self):
        await self.client.register("order.status", lambda message: None)
        await self.bridge.next_frame("register")

        self.bridge.drop_connections()

        again = await self.bridge.next_frame("register")
        self.assertEqual(again["address"], "order.status")
        await self.client.send("catalog.products", {"v": 1})
        self.assertEqual((await self.bridge.next_frame("send"))["address"], "catalog.products")

    async def test_an_expired_token_makes_it_register_again_with_a_fresh_one(self):
        await self.client.register("order.status", lambda message: None)
        first = await self.bridge.next_frame("register")

        await self.bridge.write({"type": "err", "code": "TOKEN_EXPIRED", "failureCode": 401, "message": "expired"})

        again = await self.bridge.next_frame("register")
        self.assertNotEqual(again["headers"]["authorization"], first["headers"]["authorization"])

    async def test_a_frame_over_64_kib_is_refused_before_it_is_sent(self):
        with self.assertRaises(ValueError):
            await self.client.send("catalog.products", {"padding": "x" * (64 * 1024)})


if __name__ == "__main__":
    unittest.main()
