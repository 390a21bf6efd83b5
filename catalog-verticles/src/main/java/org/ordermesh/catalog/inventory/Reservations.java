package org.ordermesh.catalog.inventory;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ordermesh.catalog.LastKnown;
import org.ordermesh.catalog.api.CatalogError;
import org.ordermesh.catalog.api.CatalogException;
import org.ordermesh.catalog.api.CommitStock;
import org.ordermesh.catalog.api.ReleaseStock;
import org.ordermesh.catalog.api.ReservationReply;
import org.ordermesh.catalog.api.ReserveStock;
import org.ordermesh.catalog.api.StockLine;
import org.ordermesh.catalog.inventory.Reservation.State;
import org.ordermesh.catalog.inventory.Stock.Hold;
import org.ordermesh.platform.mongo.KeyedSequencer;

/**
 * Reserve, release, commit and expire, without transactions. Every outcome is decided by one write of the
 * reservation (an insert or a conditional update, so two deciders never both win) and stock follows it; whoever
 * loses a decision race follows the winner and gives back what it held. Each hold on a stock document carries the
 * id the reservation records ({@code holdId}), so a hold is known to be the reservation's or a stray one.
 *
 * <p>One line: the hold is written first, then the reservation, already RESERVED (or REFUSED); the insert is the
 * decision against a concurrent reserve or a release tombstone. Several lines: the reservation is written PENDING
 * first, the lines are held one by one, then RESERVED or REFUSED is decided, so no line is given back before the
 * decision. A decision is written settled and the stock follows it at once. A node dying in between leaves a hold
 * that disagrees with its reservation, or has none: the sweeper's hold check ({@link #checkHolds}) finds holds
 * older than the grace and makes them follow their reservation (expiring an orphan's order first); a PENDING
 * reservation or a RESERVED one past expiry is expired by the due visit ({@link #sweep}).
 */
public final class Reservations {

  /** A PENDING reservation untouched this long was abandoned; a hold this old is no longer in anyone's hands. */
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final int KNOWN_RESERVATIONS = 10_000;

  private final ReservationRepository reservations;
  private final InventoryRepository inventory;
  private final Duration ttl;
  private final Duration grace;
  private final KeyedSequencer perOrder = new KeyedSequencer();
  /** RESERVED reservations as this instance last wrote or read them, so a commit or release need not read first. */
  private final LastKnown<Reservation> reserved = new LastKnown<>(KNOWN_RESERVATIONS);

  public Reservations(ReservationRepository reservations, InventoryRepository inventory, Duration ttl) {
    this.reservations = reservations;
    this.inventory = inventory;
    this.ttl = ttl;
    this.grace = GRACE.compareTo(ttl) < 0 ? GRACE : ttl;
  }

  public Future<ReservationReply> reserve(ReserveStock command) {
    List<StockLine> lines = merged(command.items());
    String orderId = command.orderId();
    return perOrder.run(orderId, () -> lines.size() == 1 ? reserveLine(orderId, lines.get(0)) : reserveLines(orderId, lines))
        .map(reservation -> reserveReply(reservation, command.attempt()));
  }

  public Future<ReservationReply> release(ReleaseStock command) {
    String orderId = command.orderId();
    int attempt = command.attempt();
    // a release ahead of its reserve leaves a tombstone, so the late reserve is refused instead of holding stock
    Reservation tombstone = new Reservation(orderId, State.COMPENSATED, List.of(), now(), null, null, 1, null);
    return perOrder.run(orderId, () -> reserved.get(orderId).map(found -> releaseExisting(found, attempt))
        .orElseGet(() -> reservations.insertIfAbsent(tombstone).compose(existing -> existing
            .map(found -> releaseExisting(found, attempt))
            .orElseGet(() -> Future.succeededFuture(ReservationReply.released(orderId, ReservationReply.NONE, attempt))))));
  }

  public Future<ReservationReply> commit(CommitStock command) {
    String orderId = command.orderId();
    return perOrder.run(orderId, () -> reserved.get(orderId).map(Future::succeededFuture)
        .orElseGet(() -> reservations.find(orderId).map(found -> found.orElseThrow(
            () -> CatalogError.UNKNOWN_RESERVATION.exception("no reservation for " + orderId))))
        .compose(found -> commitExisting(found, command.attempt())));
  }

  /** The sweeper's due visit: expires what holds stock past its due time; settles what an older version left unsettled. */
  public Future<Void> sweep(String orderId, Instant now) {
    return perOrder.run(orderId, () -> reservations.find(orderId).compose(found -> {
      if (found.isEmpty() || found.get().settled() || found.get().due().isAfter(now)) {
        return Future.succeededFuture();
      }
      Reservation reservation = found.get();
      if (!reservation.state().holdsStock()) {
        return settle(reservation).compose(settled -> reservations.markSettled(reservation));
      }
      return reservations.transition(reservation, State.EXPIRED, null, null)
          .compose(expired -> expired.map(this::settle).orElseGet(Future::succeededFuture));
    }));
  }

  /** The sweeper's hold check: every hold older than the grace follows its reservation, or goes back if it is nobody's. */
  public Future<Void> checkHolds(Instant now) {
    Instant cutoff = now.minus(grace);
    return inventory.heldSince(cutoff).compose(held -> Future.join(held.stream()
            .flatMap(stock -> stock.holds().stream()
                .filter(hold -> hold.at() != null && hold.at().isBefore(cutoff))
                .map(hold -> checkHold(stock.productId(), hold)))
            .toList()))
        .mapEmpty();
  }

  // one line: hold, then write the reservation decided; a refusal holds nothing and is written as such
  private Future<Reservation> reserveLine(String orderId, StockLine line) {
    Instant now = now();
    String holdId = UUID.randomUUID().toString();
    List<StockLine> lines = List.of(line);
    return inventory.change(line.productId(), stock -> stock.hold(orderId, line.quantity(), holdId, now))
        .compose(held -> {
          // the order may hold already (a repeated reserve): the reservation is that hold's
          String holding = held.holdOf(orderId).orElseThrow().holdId();
          Reservation decided = new Reservation(orderId, State.RESERVED, lines, now.plus(ttl), now.plus(ttl), null, 1, holding);
          return record(decided, holdId.equals(holding) ? holdId : null);
        }, failure -> isRefusal(failure)
            ? record(new Reservation(orderId, State.REFUSED, lines, now.plus(ttl), null, reason(failure), 1, null), null)
            : Future.failedFuture(failure));
  }

  /** Writes a one-line decision, or follows the reservation already there, giving back the hold this call wrote if it is not that one's. */
  private Future<Reservation> record(Reservation decided, String wroteHoldId) {
    return reservations.insertIfAbsent(decided).compose(existing -> {
      if (existing.isEmpty()) {
        remember(decided);
        return Future.succeededFuture(decided);
      }
      Reservation first = existing.get();
      Future<Stock> givenBack = wroteHoldId == null || wroteHoldId.equals(first.holdId())
          ? Future.succeededFuture()
          : inventory.change(decided.lines().get(0).productId(), stock -> stock.release(decided.orderId(), wroteHoldId));
      return givenBack.compose(done -> first.state() == State.PENDING ? holdAndDecide(first) : Future.succeededFuture(first));
    });
  }

  private Future<Reservation> reserveLines(String orderId, List<StockLine> lines) {
    Instant now = now();
    Reservation pending = new Reservation(orderId, State.PENDING, lines, now.plus(ttl), now.plus(grace), null, 1,
        UUID.randomUUID().toString());
    return reservations.insertIfAbsent(pending).compose(existing -> {
      Reservation current = existing.orElse(pending);
      return current.state() == State.PENDING ? holdAndDecide(current) : Future.succeededFuture(current);
    });
  }

  private Future<Reservation> holdAndDecide(Reservation pending) {
    return holdLines(pending, 0)
        .compose(held -> decide(pending, State.RESERVED, pending.expiresAt(), null),
            failure -> isRefusal(failure) ? decide(pending, State.REFUSED, null, reason(failure)) : Future.failedFuture(failure));
  }

  // sequential, so a refused line stops the rest; the refusal's decision undoes what was held
  private Future<Void> holdLines(Reservation pending, int index) {
    if (index == pending.lines().size()) {
      return Future.succeededFuture();
    }
    StockLine line = pending.lines().get(index);
    Instant now = now();
    return inventory.change(line.productId(), stock -> stock.hold(pending.orderId(), line.quantity(), pending.holdId(), now))
        .compose(held -> Objects.equals(held.holdOf(pending.orderId()).orElseThrow().holdId(), pending.holdId())
            ? holdLines(pending, index + 1)
            // a one-line reserve of the same order holds this product: it gives its hold back once it sees this one
            : Future.failedFuture(CatalogError.STORE_UNAVAILABLE.exception(pending.orderId() + " is being reserved twice")));
  }

  /** Decides, or follows whoever decided first; this caller held stock, so a decision to give it back is settled now. */
  private Future<Reservation> decide(Reservation pending, State state, Instant due, String reason) {
    return reservations.transition(pending, state, due, reason)
        .compose(moved -> moved.map(Future::succeededFuture).orElseGet(() -> current(pending.orderId())))
        .compose(decided -> {
          remember(decided);
          return decided.state().holdsStock() ? Future.succeededFuture(decided) : settle(decided).map(decided);
        });
  }

  private Future<ReservationReply> releaseExisting(Reservation reservation, int attempt) {
    String previous = reservation.state().name();
    return switch (reservation.state()) {
      case PENDING, RESERVED -> reservations.transition(reservation, State.RELEASED, null, null)
          .compose(released -> released.isPresent()
              ? settle(remember(released.get())).map(ReservationReply.released(reservation.orderId(), previous, attempt))
              : current(reservation.orderId()).compose(found -> releaseExisting(found, attempt)));
      case RELEASED, EXPIRED, REFUSED -> settle(reservation).map(ReservationReply.released(reservation.orderId(), previous, attempt));
      // the tombstone's own release again: the same answer as the first
      case COMPENSATED -> Future.succeededFuture(ReservationReply.released(reservation.orderId(), ReservationReply.NONE, attempt));
      case COMMITTED -> Future.failedFuture(CatalogError.ALREADY_COMMITTED.exception("the stock of " + reservation.orderId() + " has left"));
    };
  }

  private Future<ReservationReply> commitExisting(Reservation reservation, int attempt) {
    return switch (reservation.state()) {
      case RESERVED -> reservations.transition(reservation, State.COMMITTED, null, null)
          .compose(committed -> committed.isPresent()
              ? Future.succeededFuture(remember(committed.get()))
              : current(reservation.orderId()))
          .compose(found -> commitExisting(found, attempt));
      case COMMITTED -> settle(reservation).map(ReservationReply.committed(reservation.orderId(), attempt));
      case PENDING, REFUSED -> Future.failedFuture(CatalogError.NOT_RESERVED.exception(reservation.orderId() + " is " + reservation.state()));
      case RELEASED -> Future.failedFuture(CatalogError.ALREADY_RELEASED.exception(reservation.orderId() + " was released"));
      case EXPIRED -> Future.failedFuture(CatalogError.RESERVATION_EXPIRED.exception(reservation.orderId() + " expired"));
      case COMPENSATED -> Future.failedFuture(compensated(reservation));
    };
  }

  /** Makes stock follow a decision: only this reservation's holds move, each at most once. */
  private Future<Void> settle(Reservation decided) {
    Function<Stock, Optional<Stock>> move = moveFor(decided, decided.holdId());
    return Future.all(decided.lines().stream().map(line -> inventory.change(line.productId(), move)).toList()).mapEmpty();
  }

  private Future<Void> checkHold(String productId, Hold hold) {
    return perOrder.run(hold.orderId(), () -> reservations.find(hold.orderId()).compose(found -> found
        .map(reservation -> followHold(productId, hold, reservation))
        .orElseGet(() -> expireOrphan(productId, hold))));
  }

  // the node died between holding and writing the reservation; the insert decides against its late write, if any
  private Future<Void> expireOrphan(String productId, Hold hold) {
    Reservation expired = new Reservation(hold.orderId(), State.EXPIRED, List.of(new StockLine(productId, hold.quantity())),
        now(), null, null, 1, hold.holdId());
    return reservations.insertIfAbsent(expired).compose(existing -> followHold(productId, hold, existing.orElse(expired)));
  }

  private Future<Void> followHold(String productId, Hold hold, Reservation reservation) {
    if (Objects.equals(hold.holdId(), reservation.holdId()) && (reservation.state().holdsStock() || !reservation.settled())) {
      return Future.succeededFuture(); // still held by decision, or the due visit's to settle
    }
    // a stray hold (a repeated reserve that lost and died) goes back; the reservation's own follows its decision
    State decision = Objects.equals(hold.holdId(), reservation.holdId()) ? reservation.state() : State.RELEASED;
    return inventory.change(productId, moveFor(decision, hold.orderId(), hold.holdId())).mapEmpty();
  }

  private static Function<Stock, Optional<Stock>> moveFor(Reservation decided, String holdId) {
    return moveFor(decided.state(), decided.orderId(), holdId);
  }

  private static Function<Stock, Optional<Stock>> moveFor(State decision, String orderId, String holdId) {
    return decision == State.COMMITTED ? stock -> stock.commit(orderId, holdId) : stock -> stock.release(orderId, holdId);
  }

  private Future<Reservation> current(String orderId) {
    return reservations.find(orderId).map(found -> remember(found.orElseThrow()));
  }

  private Reservation remember(Reservation reservation) {
    if (reservation.state() == State.RESERVED) {
      reserved.put(reservation.orderId(), reservation);
    } else {
      reserved.forget(reservation.orderId());
    }
    return reservation;
  }

  private static ReservationReply reserveReply(Reservation reservation, int attempt) {
    return switch (reservation.state()) {
      case RESERVED, COMMITTED -> ReservationReply.reserved(reservation.orderId(), reservation.expiresAt(), attempt);
      case REFUSED -> throw CatalogError.valueOf(reservation.reason()).exception("the reservation of " + reservation.orderId() + " was refused");
      case RELEASED -> throw CatalogError.ALREADY_RELEASED.exception(reservation.orderId() + " was released");
      case EXPIRED -> throw CatalogError.RESERVATION_EXPIRED.exception(reservation.orderId() + " expired");
      case PENDING -> throw CatalogError.STORE_UNAVAILABLE.exception(reservation.orderId() + " is still being reserved");
      case COMPENSATED -> throw compensated(reservation);
    };
  }

  private static CatalogException compensated(Reservation tombstone) {
    return CatalogError.ALREADY_COMPENSATED.exception(tombstone.orderId() + " was released before it reserved; nothing is held");
  }

  // milliseconds, as Mongo keeps them, so a repeated reply equals the first
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static boolean isRefusal(Throwable failure) {
    return failure instanceof CatalogException refusal
        && (refusal.error() == CatalogError.OUT_OF_STOCK || refusal.error() == CatalogError.UNKNOWN_PRODUCT);
  }

  private static String reason(Throwable refusal) {
    return ((CatalogException) refusal).error().name();
  }

  /** One line per product: an order naming a product twice holds the sum. */
  static List<StockLine> merged(List<StockLine> items) {
    Map<String, Integer> quantities = new LinkedHashMap<>();
    items.forEach(line -> quantities.merge(line.productId(), line.quantity(), Integer::sum));
    return quantities.entrySet().stream().map(entry -> new StockLine(entry.getKey(), entry.getValue())).toList();
  }
}
