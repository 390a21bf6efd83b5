package org.ordermesh.platform.security;

import java.util.concurrent.TimeUnit;

/** What a verifier says of a token, as the security tests compare it: "accepted" or the refusal's message. */
final class VerificationOutcome {

  private VerificationOutcome() {
  }

  static String outcome(TokenVerifier verifier, String token) {
    try {
      verifier.verify(token).await(10, TimeUnit.SECONDS);
      return "accepted";
    } catch (InvalidTokenException e) {
      return e.getMessage();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
