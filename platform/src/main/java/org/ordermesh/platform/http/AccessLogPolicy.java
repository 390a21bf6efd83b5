package org.ordermesh.platform.http;

import org.ordermesh.platform.config.Settings;

import java.util.Locale;

/**
 * Which finished requests the access log writes. {@code all}: every one. {@code limited} (the default): every
 * failed one (status 400 or above, or cut off before its end) and every slow one, and of the rest at most
 * {@code perSecond} a second on each router, with one line a second counting those it left out. At tens of
 * thousands of requests a second a line each costs more than answering them; an operator who needs every
 * request sets {@code all}.
 *
 * @param everyRequest {@code ORDERMESH_ACCESS_LOG} is {@code all}
 * @param perSecond    {@code ORDERMESH_ACCESS_LOG_PER_SECOND}: quick successful requests logged a second, per router
 * @param slowMillis   {@code ORDERMESH_ACCESS_LOG_SLOW_MS}: a request taking this long or longer is always logged
 */
public record AccessLogPolicy(boolean everyRequest, int perSecond, long slowMillis) {

  public static final String MODE = "ORDERMESH_ACCESS_LOG";
  public static final String PER_SECOND = "ORDERMESH_ACCESS_LOG_PER_SECOND";
  public static final String SLOW_MS = "ORDERMESH_ACCESS_LOG_SLOW_MS";

  /** Outside a node (a test's router): every request. */
  public static final AccessLogPolicy EVERY_REQUEST = new AccessLogPolicy(true, 0, 0);

  public AccessLogPolicy {
    if (perSecond < 0 || slowMillis < 0) {
      throw new IllegalArgumentException(PER_SECOND + " and " + SLOW_MS + " cannot be negative");
    }
  }

  public static AccessLogPolicy from(Settings settings) {
    var mode = settings.string(MODE, "limited").trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("all") && !mode.equals("limited")) {
      throw new IllegalArgumentException(MODE + " must be all or limited, not " + mode);
    }
    return new AccessLogPolicy(mode.equals("all"), settings.integer(PER_SECOND, 100), settings.integer(SLOW_MS, 1000));
  }

  /** Whether a request is logged whatever the budget says. */
  boolean always(int status, boolean completed, long durationMs) {
    return everyRequest || !completed || status >= 400 || durationMs >= slowMillis;
  }
}
