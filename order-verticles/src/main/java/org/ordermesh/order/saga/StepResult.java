package org.ordermesh.order.saga;

import org.ordermesh.order.api.CancelReason;

/** How one attempt of a saga step ended. */
public sealed interface StepResult {

  /** The participant did it (or had already done it: participants are idempotent per order and step). */
  record Done() implements StepResult {
  }

  /** The participant refused for a business reason: retrying cannot help, the saga compensates. */
  record Refused(CancelReason reason, String detail) implements StepResult {
  }

  /** The participant could not be reached or could not answer: worth another attempt later. */
  record Unavailable(String detail) implements StepResult {
  }

  StepResult DONE = new Done();
}
