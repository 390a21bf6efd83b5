package org.ordermesh.order.order;

import java.math.BigDecimal;

/** Money is kept in minor units (cents); the API shows it as a decimal with two places. */
final class Money {

  private Money() {
  }

  static BigDecimal toDecimal(long minor) {
    return BigDecimal.valueOf(minor, 2);
  }
}
