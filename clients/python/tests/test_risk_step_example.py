import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples"))
os.environ.setdefault("RISK_LIMIT", "500")

import risk_step  # noqa: E402


class RiskStepExampleTest(unittest.TestCase):

    def test_declines_an_order_over_the_limit_with_its_reason(self):
        self.assertEqual(risk_step.decide({"v": 1, "action": "check", "total": 500.01}),
                         {"v": 1, "outcome": "DECLINED", "reason": "RISK_DECLINED"})

    def test_approves_an_order_within_the_limit(self):
        self.assertEqual(risk_step.decide({"v": 1, "action": "check", "total": 500})["outcome"], "APPROVED")


if __name__ == "__main__":
    unittest.main()
