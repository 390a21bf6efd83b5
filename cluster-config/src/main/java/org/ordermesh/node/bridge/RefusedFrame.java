package org.ordermesh.node.bridge;

/** A frame the bridge will not deliver, and why; becomes an error frame, never a stack trace. */
final class RefusedFrame extends RuntimeException {

  private final Refusal refusal;

  RefusedFrame(Refusal refusal, String detail) {
    super(detail, null, false, false);
    this.refusal = refusal;
  }

  Refusal refusal() {
    return refusal;
  }
}
