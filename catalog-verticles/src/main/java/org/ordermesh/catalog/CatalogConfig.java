package org.ordermesh.catalog;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.ordermesh.platform.config.ServiceConfig;
import org.ordermesh.platform.config.Settings;

/**
 * The catalog service's settings.
 *
 * @param service             port, database and node settings
 * @param cursorSecret        signs list cursors; every node of a cluster needs the same one, of at least 32 bytes
 *                            ({@code ORDERMESH_CURSOR_SECRET}, a development default)
 * @param reservationTtl      how long an uncommitted reservation holds stock ({@code ORDERMESH_CATALOG_RESERVATION_TTL_SECONDS}, 600)
 * @param sweepInterval       how often the sweeper looks for expired or unsettled reservations
 *                            ({@code ORDERMESH_CATALOG_SWEEP_INTERVAL_MS}, 1000: a look is a range on the {@code due} index,
 *                            and a reservation is released at most this long, plus the release itself, after its expiry)
 * @param holdCheckInterval   how often the sweeper checks stock holds older than 30 s (or the TTL) against their
 *                            reservations ({@code ORDERMESH_CATALOG_HOLD_CHECK_INTERVAL_MS}, 30000)
 * @param reservationRetention how long a finished reservation is kept to answer repeated messages
 *                            ({@code ORDERMESH_CATALOG_RESERVATION_RETENTION_HOURS}, 168)
 * @param lowStockThreshold   the level at or under which {@code available} publishes StockLow, and the default of the
 *                            report's {@code lowStock} parameter ({@code ORDERMESH_CATALOG_LOW_STOCK}, 5)
 * @param seedDemo            seeds the demo catalog into an empty database on start ({@code ORDERMESH_CATALOG_SEED_DEMO}, true)
 */
public record CatalogConfig(ServiceConfig service, String cursorSecret, Duration reservationTtl, Duration sweepInterval,
                            Duration holdCheckInterval, Duration reservationRetention, int lowStockThreshold, boolean seedDemo) {

  public static final String RESERVATION_TTL_SECONDS = "ORDERMESH_CATALOG_RESERVATION_TTL_SECONDS";
  public static final String SWEEP_INTERVAL_MS = "ORDERMESH_CATALOG_SWEEP_INTERVAL_MS";
  public static final String HOLD_CHECK_INTERVAL_MS = "ORDERMESH_CATALOG_HOLD_CHECK_INTERVAL_MS";
  public static final String RESERVATION_RETENTION_HOURS = "ORDERMESH_CATALOG_RESERVATION_RETENTION_HOURS";
  public static final String LOW_STOCK = "ORDERMESH_CATALOG_LOW_STOCK";
  public static final String SEED_DEMO = "ORDERMESH_CATALOG_SEED_DEMO";

  public static CatalogConfig from(JsonObject config) {
    Settings settings = new Settings(config);
    ServiceConfig service = CatalogService.config(config);
    return new CatalogConfig(
        service,
        service.platform().cursorSecret(),
        Duration.ofSeconds(positive(settings, RESERVATION_TTL_SECONDS, 600)),
        Duration.ofMillis(positive(settings, SWEEP_INTERVAL_MS, 1_000)),
        Duration.ofMillis(positive(settings, HOLD_CHECK_INTERVAL_MS, 30_000)),
        Duration.ofHours(positive(settings, RESERVATION_RETENTION_HOURS, 168)),
        settings.integer(LOW_STOCK, 5),
        settings.bool(SEED_DEMO, true));
  }

  private static int positive(Settings settings, String key, int fallback) {
    int value = settings.integer(key, fallback);
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive");
    }
    return value;
  }
}
