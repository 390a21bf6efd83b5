package org.ordermesh.platform.inbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.outbox.CloudEvent;
import org.ordermesh.platform.peer.PeerUnavailableException;
import org.ordermesh.platform.trace.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deals with one record exactly once as far as the inbox can tell: an event of a type the consumer
 * does not handle, or one already in the inbox, is skipped; otherwise the handler runs, retried with backoff,
 * and its outcome is answered for the inbox to record. An event that still fails, or a record that is no
 * CloudEvent at all, goes to the dead-letter topic instead. The
 * returned future fails only when the record could not be dealt with (Mongo or Kafka away): then it
 * must be processed again.
 */
final class RecordProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);
  private static final long MAX_BACKOFF_MILLIS = 10_000;

  private final Vertx vertx;
  private final InboxSettings settings;
  private final ProcessedEvents processed;
  private final DeadLetters deadLetters;
  private final Function<CloudEvent, Future<Void>> handler;

  RecordProcessor(Vertx vertx, InboxSettings settings, ProcessedEvents processed, DeadLetters deadLetters,
                  Function<CloudEvent, Future<Void>> handler) {
    this.vertx = vertx;
    this.settings = settings;
    this.processed = processed;
    this.deadLetters = deadLetters;
    this.handler = handler;
  }

  /**
   * Deals with the record and answers what to record for it: nothing for a record that is no event, one of
   * a type not handled, one recorded before, or one dealt with earlier in the same batch ({@code batch}, the
   * outcomes not yet recorded).
   */
  Future<Optional<ProcessedEvents.Outcome>> process(KafkaConsumerRecord<String, String> record,
                                                    List<ProcessedEvents.Outcome> batch) {
    return TraceContext.within(record, () -> {
      CloudEvent event;
      try {
        event = CloudEvent.parse(record.value());
      } catch (IllegalArgumentException notAnEvent) {
        // no retry can make it parse, and without an id there is nothing to record
        LOG.warn("{}-{}@{} is not a CloudEvent, dead-lettered: {}", record.topic(), record.partition(), record.offset(),
          notAnEvent.getMessage());
        return deadLetters.send(record, notAnEvent, 0).map(Optional.empty());
      }
      if (!settings.handles(event.type())) {
        return Future.succeededFuture(Optional.empty());
      }
      if (batch.stream().anyMatch(earlier -> earlier.eventId().equals(event.id()))) {
        return Future.succeededFuture(Optional.empty());
      }
      return processed.contains(event.id()).compose(seen -> seen
        ? Future.succeededFuture(Optional.empty())
        : handleOnce(record, event).map(Optional::of));
    });
  }

  private Future<ProcessedEvents.Outcome> handleOnce(KafkaConsumerRecord<String, String> record, CloudEvent event) {
    var tries = new AtomicInteger();
    return attempt(event, tries, System.nanoTime() + settings.transientPatience().toNanos())
      .map(ProcessedEvents.PROCESSED)
      .recover(error -> {
        LOG.warn("event {} ({}) failed, dead-lettered: {}", event.id(), event.type(), error.toString());
        return deadLetters.send(record, error, tries.get()).map("dead-lettered");
      })
      .map(outcome -> new ProcessedEvents.Outcome(event.id(), outcome));
  }

  // a dependency that is away keeps its events out of the dead letters for up to transientPatience
  private Future<Void> attempt(CloudEvent event, AtomicInteger tries, long patienceEndsAt) {
    int attempt = tries.incrementAndGet();
    return invokeHandler(event).recover(error -> {
      boolean waitLonger = isTransient(error) && System.nanoTime() < patienceEndsAt;
      if (attempt >= settings.maxAttempts() && !waitLonger) {
        return Future.failedFuture(error);
      }
      long backoff = Math.min(MAX_BACKOFF_MILLIS, settings.firstBackoff().toMillis() << Math.min(attempt - 1, 20));
      return vertx.timer(backoff).compose(waited -> attempt(event, tries, patienceEndsAt));
    });
  }

  static boolean isTransient(Throwable error) {
    return error instanceof PeerUnavailableException || MongoErrors.isUnavailable(error);
  }

  // a handler that throws instead of failing its future is a failed attempt like any other
  private Future<Void> invokeHandler(CloudEvent event) {
    try {
      return handler.apply(event);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
