package org.ordermesh.payment.payment;

import org.ordermesh.payment.api.PaymentErrorCode;

/** A command the payment service refuses or cannot carry out now; its code is what the caller sees. */
public final class PaymentFailure extends RuntimeException {

  private final PaymentErrorCode code;

  public PaymentFailure(PaymentErrorCode code, String detail) {
    // expected outcomes: no stack trace
    super(detail, null, false, false);
    this.code = code;
  }

  public PaymentErrorCode code() {
    return code;
  }
}
