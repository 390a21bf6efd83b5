package org.ordermesh.payment.http;

import java.math.BigDecimal;
import java.util.Currency;

/** Amounts over HTTP are JSON numbers in the currency's unit; stored and sent on the bus as integer minor units. */
final class Money {

  private Money() {
  }

  static BigDecimal toAmount(long minor, String currency) {
    return BigDecimal.valueOf(minor, digits(currency));
  }

  /** The amount in minor units; IllegalArgumentException when it has more decimals than the currency. */
  static long toMinor(BigDecimal amount, String currency) {
    try {
      return amount.movePointRight(digits(currency)).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("has more decimals than " + currency + " allows");
    }
  }

  private static int digits(String currency) {
    return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
  }
}
