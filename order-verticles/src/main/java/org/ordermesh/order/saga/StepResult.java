package org.ordermesh.order.saga;

import org.ordermesh.order.api.CancelReason;

/**
 * How one attempt of a saga step ended. A participant's answer names the attempt it answers (the
 * command's, echoed in the reply); an answer to another attempt than the one asked is stale.
 */
public sealed interface StepResult {

  /** The participant did it (or had already done it: participants are idempotent per order and step). */
  record Done(int attempt) implements StepResult {
  }

  /** The participant refused for a business reason: retrying cannot help. */
  record Refused(CancelReason reason, String detail, int attempt) implements StepResult {
  }

  /** The participant could not be reached or could not answer: worth another attempt later. */
  record Unavailable(String detail) implements StepResult {
  }
}
