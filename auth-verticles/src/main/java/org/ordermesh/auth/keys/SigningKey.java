package org.ordermesh.auth.keys;

import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;

/**
 * One RS256 key pair. {@code generation} orders keys and is unique, so two nodes can never add the same
 * successor; a key signs from {@code activatesAt} until its successor activates.
 */
public record SigningKey(String kid, long generation, Instant createdAt, Instant activatesAt, RSAPublicKey publicKey,
                         PrivateKey privateKey) {

  @Override
  public String toString() {
    return "SigningKey[kid=" + kid + ", generation=" + generation + ", activatesAt=" + activatesAt + "]";
  }
}
