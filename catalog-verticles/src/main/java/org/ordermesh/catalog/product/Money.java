package org.ordermesh.catalog.product;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * Prices are stored exactly, as a whole number of minor units (cents) beside an ISO 4217 code. The catalog
 * takes currencies whose minor unit is a hundredth (EUR, USD, GBP...), so "at most two decimals" over HTTP and
 * {@code priceMinor} on the bus are the same amount, and price filters compare one integer field.
 */
public final class Money {

  public static final int SCALE = 2;
  public static final BigDecimal MAX_PRICE = new BigDecimal("10000000");

  private Money() {
  }

  /** The price in minor units; IllegalArgumentException (a field message) when it is not an exact, in-range amount. */
  public static long toMinor(BigDecimal price) {
    if (price.signum() < 0 || price.compareTo(MAX_PRICE) > 0 || price.stripTrailingZeros().scale() > SCALE) {
      throw new IllegalArgumentException("must be a number from 0 to " + MAX_PRICE.toPlainString()
          + " with at most " + SCALE + " decimals");
    }
    return price.movePointRight(SCALE).longValueExact();
  }

  /**
   * A JSON number as parsed by Vert.x (Integer, Long, Double or BigDecimal) as an exact decimal. A double's
   * shortest representation is the literal the client sent, as prices are capped far below 15 digits.
   */
  public static BigDecimal decimal(Number number) {
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    if (number instanceof Double || number instanceof Float) {
      return new BigDecimal(Double.toString(number.doubleValue()));
    }
    return BigDecimal.valueOf(number.longValue());
  }

  public static BigDecimal fromMinor(long minor) {
    return BigDecimal.valueOf(minor, SCALE);
  }

  /** An ISO 4217 code the catalog can price in; IllegalArgumentException otherwise. */
  public static String currency(String code) {
    Currency currency;
    try {
      currency = Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be an ISO 4217 currency code");
    }
    if (currency.getDefaultFractionDigits() != SCALE) {
      throw new IllegalArgumentException("must be a currency with cents (2 minor digits)");
    }
    return code;
  }
}
