package org.ordermesh.payment.provider;

/**
 * The provider's answer: approved (with its reference), or refused with a reason (a declined card, a
 * capture of a voided authorization). A refusal is an answer, not a failure.
 */
public record ProviderAnswer(boolean approved, String reference, String reason) {

  public static ProviderAnswer approved(String reference) {
    return new ProviderAnswer(true, reference, null);
  }

  public static ProviderAnswer refused(String reason) {
    return new ProviderAnswer(false, null, reason);
  }
}
