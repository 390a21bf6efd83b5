package org.ordermesh.platform.security;

/** A bearer token that must not be trusted; the detail says why without echoing the token. */
public final class InvalidTokenException extends RuntimeException {

  public InvalidTokenException(String detail) {
    super(detail, null, false, false);
  }
}
