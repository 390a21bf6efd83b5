package org.ordermesh.payment.payment;

import org.ordermesh.payment.api.PaymentErrorCode;
import org.ordermesh.payment.api.PaymentReply;

/** What a payment makes of a command. */
public sealed interface Decision {

  /** Already done (or nothing to do): this is the answer, the same as the first time. */
  record Done(PaymentReply reply) implements Decision {
  }

  /** Not allowed in the payment's state. */
  record Refused(PaymentErrorCode code, String detail) implements Decision {
  }

  /** Start a provider call: store {@code next}, whose pending operation says which. */
  record Begin(Payment next) implements Decision {
  }
}
