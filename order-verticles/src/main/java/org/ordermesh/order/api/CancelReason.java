package org.ordermesh.order.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Why an order was cancelled: one of the built-in reasons below, or the reason an extension saga step
 * gave when it declined ({@code RISK_DECLINED}): an upper-case word of at most {@value #MAX_LENGTH}
 * characters, letters, digits and '_', starting with a letter.
 *
 * @param name the reason as stored and shown in the order's {@code reason} field
 */
public record CancelReason(String name) {

  public static final int MAX_LENGTH = 40;
  public static final Pattern FORM = Pattern.compile("[A-Z][A-Z0-9_]{0," + (MAX_LENGTH - 1) + "}");

  public static final CancelReason OUT_OF_STOCK = new CancelReason("OUT_OF_STOCK");
  public static final CancelReason PAYMENT_DECLINED = new CancelReason("PAYMENT_DECLINED");
  public static final CancelReason PAYMENT_UNAVAILABLE = new CancelReason("PAYMENT_UNAVAILABLE");
  public static final CancelReason CUSTOMER_CANCELLED = new CancelReason("CUSTOMER_CANCELLED");
  public static final CancelReason TIMEOUT = new CancelReason("TIMEOUT");
  /** An extension step declined without a reason of the admitted form. */
  public static final CancelReason DECLINED = new CancelReason("DECLINED");

  public static final List<CancelReason> BUILT_IN =
    List.of(OUT_OF_STOCK, PAYMENT_DECLINED, PAYMENT_UNAVAILABLE, CUSTOMER_CANCELLED, TIMEOUT, DECLINED);

  public CancelReason {
    if (!isValid(name)) {
      throw new IllegalArgumentException("a cancel reason is an upper-case word of at most " + MAX_LENGTH
        + " characters (A-Z, 0-9, '_'), got '" + name + "'");
    }
  }

  public static boolean isValid(String name) {
    return name != null && FORM.matcher(name).matches();
  }

  public static CancelReason valueOf(String name) {
    return new CancelReason(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
