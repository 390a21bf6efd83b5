package org.ordermesh.payment.provider;

/** The provider answered that it cannot process the request now; nothing was done. Worth retrying later. */
public class CardProviderUnavailableException extends RuntimeException {

  public CardProviderUnavailableException(String message) {
    super(message, null, false, false);
  }
}
