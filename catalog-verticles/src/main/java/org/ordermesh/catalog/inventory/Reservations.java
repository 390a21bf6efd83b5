package org.ordermesh.catalog.inventory;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.ordermesh.catalog.api.CatalogError;
import org.ordermesh.catalog.api.CatalogException;
import org.ordermesh.catalog.api.CommitStock;
import org.ordermesh.catalog.api.ReleaseStock;
import org.ordermesh.catalog.api.ReservationReply;
import org.ordermesh.catalog.api.ReserveStock;
import org.ordermesh.catalog.api.StockLine;
import org.ordermesh.catalog.inventory.Reservation.State;

/**
 * Reserve, release, commit and expire, without transactions. A reservation is written PENDING before any stock
 * moves; lines are then held one by one, each hold idempotent per order on its stock document; then the outcome
 * is decided by one conditional update of the reservation, and only after a decision does stock follow it
 * ("settling": undo the holds, or let them leave). Whoever loses a decision race follows the winner's decision,
 * so concurrent or repeated messages, and a node dying at any point, end with stock matching the reservation:
 * a PENDING one left behind is expired by the sweeper, and an unsettled decision is settled by it.
 */
public final class Reservations {

  /** A PENDING reservation untouched this long was abandoned by a node that died while holding its lines. */
  private static final Duration PENDING_TIMEOUT = Duration.ofSeconds(30);
  /** Time given to the deciding call to settle before the sweeper does it. */
  private static final Duration SETTLE_GRACE = Duration.ofSeconds(10);

  private final ReservationRepository reservations;
  private final InventoryRepository inventory;
  private final Duration ttl;
  private final KeyedSequencer perOrder = new KeyedSequencer();

  public Reservations(ReservationRepository reservations, InventoryRepository inventory, Duration ttl) {
    this.reservations = reservations;
    this.inventory = inventory;
    this.ttl = ttl;
  }

  public Future<ReservationReply> reserve(ReserveStock command) {
    List<StockLine> lines = merged(command.items());
    Instant now = now();
    Instant expiresAt = now.plus(ttl);
    Instant abandonedAt = now.plus(PENDING_TIMEOUT.compareTo(ttl) < 0 ? PENDING_TIMEOUT : ttl);
    Reservation pending = new Reservation(command.orderId(), State.PENDING, lines, expiresAt, abandonedAt, null, 1);
    return perOrder.run(command.orderId(), () -> reservations.insertIfAbsent(pending)
        .compose(existing -> existing.orElse(pending).state() == State.PENDING
            ? holdAndDecide(existing.orElse(pending))
            : Future.succeededFuture(existing.get()))
        .map(Reservations::reserveReply));
  }

  public Future<ReservationReply> release(ReleaseStock command) {
    String orderId = command.orderId();
    // a release ahead of its reserve leaves a tombstone, so the late reserve is refused instead of holding stock
    Reservation tombstone = new Reservation(orderId, State.RELEASED, List.of(), now(), null, null, 1);
    return perOrder.run(orderId, () -> reservations.insertIfAbsent(tombstone).compose(existing -> existing
        .map(this::releaseExisting)
        .orElseGet(() -> Future.succeededFuture(ReservationReply.released(orderId, "NONE")))));
  }

  public Future<ReservationReply> commit(CommitStock command) {
    return perOrder.run(command.orderId(), () -> reservations.find(command.orderId()).compose(found -> found
        .map(this::commitExisting)
        .orElseGet(() -> Future.failedFuture(CatalogError.UNKNOWN_RESERVATION.exception("no reservation for " + command.orderId())))));
  }

  /** The sweeper's visit: expire what holds stock past its due time, settle what was decided but not settled. */
  public Future<Void> sweep(String orderId, Instant now) {
    return perOrder.run(orderId, () -> reservations.find(orderId).compose(found -> {
      if (found.isEmpty() || found.get().settled() || found.get().due().isAfter(now)) {
        return Future.succeededFuture();
      }
      Reservation reservation = found.get();
      if (!reservation.state().holdsStock()) {
        return settle(reservation);
      }
      return reservations.transition(reservation, State.EXPIRED, now.plus(SETTLE_GRACE), null)
          .compose(expired -> expired.map(this::settle).orElseGet(Future::succeededFuture));
    }));
  }

  private Future<Reservation> holdAndDecide(Reservation pending) {
    return holdLines(pending.orderId(), pending.lines(), 0)
        .compose(held -> decide(pending, State.RESERVED, pending.expiresAt(), null),
            failure -> isRefusal(failure)
                ? decide(pending, State.REFUSED, now().plus(SETTLE_GRACE), ((CatalogException) failure).error().name())
                : Future.failedFuture(failure));
  }

  // sequential, so a refused line stops the rest; the refusal's decision undoes what was held
  private Future<Void> holdLines(String orderId, List<StockLine> lines, int index) {
    if (index == lines.size()) {
      return Future.succeededFuture();
    }
    StockLine line = lines.get(index);
    return inventory.change(line.productId(), stock -> stock.hold(orderId, line.quantity()))
        .compose(held -> holdLines(orderId, lines, index + 1));
  }

  /** Decides, or follows whoever decided first; this caller held stock, so a decision to give it back is settled now. */
  private Future<Reservation> decide(Reservation pending, State state, Instant due, String reason) {
    return reservations.transition(pending, state, due, reason)
        .compose(moved -> moved.map(Future::succeededFuture).orElseGet(() -> current(pending.orderId())))
        .compose(decided -> decided.state().holdsStock() ? Future.succeededFuture(decided) : settle(decided).map(decided));
  }

  private Future<ReservationReply> releaseExisting(Reservation reservation) {
    String previous = reservation.state().name();
    return switch (reservation.state()) {
      case PENDING, RESERVED -> reservations.transition(reservation, State.RELEASED, now().plus(SETTLE_GRACE), null)
          .compose(released -> released.isPresent()
              ? settle(released.get()).map(ReservationReply.released(reservation.orderId(), previous))
              : current(reservation.orderId()).compose(this::releaseExisting));
      case RELEASED, EXPIRED, REFUSED -> settleIfDecided(reservation).map(ReservationReply.released(reservation.orderId(), previous));
      case COMMITTED -> Future.failedFuture(CatalogError.ALREADY_COMMITTED.exception("the stock of " + reservation.orderId() + " has left"));
    };
  }

  private Future<ReservationReply> commitExisting(Reservation reservation) {
    return switch (reservation.state()) {
      case RESERVED -> reservations.transition(reservation, State.COMMITTED, now().plus(SETTLE_GRACE), null)
          .compose(committed -> committed.isPresent()
              ? Future.succeededFuture(committed.get())
              : current(reservation.orderId()))
          .compose(this::commitExisting);
      case COMMITTED -> settleIfDecided(reservation).map(ReservationReply.committed(reservation.orderId()));
      case PENDING, REFUSED -> Future.failedFuture(CatalogError.NOT_RESERVED.exception(reservation.orderId() + " is " + reservation.state()));
      case RELEASED -> Future.failedFuture(CatalogError.ALREADY_RELEASED.exception(reservation.orderId() + " was released"));
      case EXPIRED -> Future.failedFuture(CatalogError.RESERVATION_EXPIRED.exception(reservation.orderId() + " expired"));
    };
  }

  private Future<Void> settleIfDecided(Reservation reservation) {
    return reservation.settled() ? Future.succeededFuture() : settle(reservation);
  }

  /** Makes stock follow a decision (idempotent per order and product), then tells the sweeper it is done. */
  private Future<Void> settle(Reservation decided) {
    String orderId = decided.orderId();
    Function<Stock, Optional<Stock>> move = decided.state() == State.COMMITTED
        ? stock -> stock.commit(orderId)
        : stock -> stock.release(orderId);
    return Future.all(decided.lines().stream().map(line -> inventory.change(line.productId(), move)).toList())
        .compose(moved -> reservations.markSettled(decided));
  }

  private Future<Reservation> current(String orderId) {
    return reservations.find(orderId).map(Optional::orElseThrow);
  }

  private static ReservationReply reserveReply(Reservation reservation) {
    return switch (reservation.state()) {
      case RESERVED, COMMITTED -> ReservationReply.reserved(reservation.orderId(), reservation.expiresAt());
      case REFUSED -> throw CatalogError.valueOf(reservation.reason()).exception("the reservation of " + reservation.orderId() + " was refused");
      case RELEASED -> throw CatalogError.ALREADY_RELEASED.exception(reservation.orderId() + " was released");
      case EXPIRED -> throw CatalogError.RESERVATION_EXPIRED.exception(reservation.orderId() + " expired");
      case PENDING -> throw CatalogError.STORE_UNAVAILABLE.exception(reservation.orderId() + " is still being reserved");
    };
  }

  // milliseconds, as Mongo keeps them, so a repeated reply equals the first
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static boolean isRefusal(Throwable failure) {
    return failure instanceof CatalogException refusal
        && (refusal.error() == CatalogError.OUT_OF_STOCK || refusal.error() == CatalogError.UNKNOWN_PRODUCT);
  }

  /** One line per product: an order naming a product twice holds the sum. */
  static List<StockLine> merged(List<StockLine> items) {
    Map<String, Integer> quantities = new LinkedHashMap<>();
    items.forEach(line -> quantities.merge(line.productId(), line.quantity(), Integer::sum));
    return quantities.entrySet().stream().map(entry -> new StockLine(entry.getKey(), entry.getValue())).toList();
  }
}
