package org.ordermesh.platform.discovery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import io.vertx.servicediscovery.Status;
import io.vertx.servicediscovery.types.HttpEndpoint;
import io.vertx.servicediscovery.types.MessageSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link ServiceRegistry} on vertx-service-discovery. Its default backend is the Vert.x shared data, so
 * on a clustered node records are visible to every node of the cluster.
 * <p>
 * Lookups are answered from a copy of the records by name: on a clustered node every read of the backend
 * is a Hazelcast map scan on a worker thread, which capped a gateway proxying to other nodes at a few
 * thousand requests a second. The copy is dropped whenever discovery announces a change anywhere in the
 * cluster (and at once for this node's own changes), and is never older than {@link #CACHE_NANOS} should
 * an announcement be lost.
 */
public final class DiscoveryServiceRegistry implements ServiceRegistry {

  private final ServiceDiscovery discovery;
  private static final String NODE = "node";
  private static final String CLUSTER_MEMBER = "clusterMember";
  private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final String nodeId;
  private final Supplier<String> clusterMemberId;
  private final MessageConsumer<JsonObject> announcements;
  private final Map<String, Cached> byName = new ConcurrentHashMap<>();

  private final AtomicLong generation = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  private record Cached(List<Record> records, long expires) {
  }

  /** {@code clusterMemberId} answers this node's cluster member id, or null on a standalone node. */
  public DiscoveryServiceRegistry(Vertx vertx, String nodeId, Supplier<String> clusterMemberId) {
    var options = new ServiceDiscoveryOptions();
    this.discovery = ServiceDiscovery.create(vertx, options);
    this.nodeId = nodeId;
    this.clusterMemberId = clusterMemberId;
    this.announcements = vertx.eventBus().consumer(options.getAnnounceAddress(), announced -> forget());
  }

  @Override
  public Future<Registration> publishHttp(String name, String host, int port) {
    return publish(HttpEndpoint.createRecord(name, host, port, "/", metadata()));
  }

  @Override
  public Future<Registration> publishEventBus(String name, String address) {
    return publish(MessageSource.createRecord(name, address, JsonObject.class.getName(), metadata()));
  }

  @Override
  public Future<Void> unpublish(Registration registration) {
    return discovery.unpublish(registration.id()).andThen(done -> forget());
  }

  @Override
  public Future<SocketAddress> lookupHttp(String name) {
    return pickOne(name, HttpEndpoint.TYPE).map(record -> {
      var location = record.getLocation();
      return SocketAddress.inetSocketAddress(location.getInteger("port"), location.getString("host"));
    });
  }

  @Override
  public Future<String> lookupEventBus(String name) {
    return pickOne(name, MessageSource.TYPE).map(record -> record.getLocation().getString("endpoint"));
  }

  @Override
  public Future<Boolean> isPublished(String name) {
    return discovery.getRecords(record -> name.equals(record.getName()) && record.getStatus() == Status.UP)
      .map(records -> !records.isEmpty());
  }

  @Override
  public Future<List<Published>> published() {
    return discovery.getRecords(record -> record.getStatus() == Status.UP)
      .map(records -> records.stream().map(DiscoveryServiceRegistry::describe).toList());
  }

  private static Published describe(Record record) {
    var location = record.getLocation();
    var where = HttpEndpoint.TYPE.equals(record.getType())
      ? location.getString("host") + ":" + location.getInteger("port")
      : location.getString("endpoint");
    return new Published(record.getName(), record.getType(), record.getMetadata().getString(NODE),
      record.getMetadata().getString(CLUSTER_MEMBER), where);
  }

  // closing twice is harmless, as it was before the announcement consumer (the second may follow Vert.x's close)
  @Override
  public Future<Void> close() {
    discovery.close();
    return closed.compareAndSet(false, true) ? announcements.unregister() : Future.succeededFuture();
  }

  @Override
  public Future<Void> withdrawMember(String clusterNodeId) {
    return discovery.getRecords(record -> clusterNodeId.equals(record.getMetadata().getString(CLUSTER_MEMBER)), true)
      .compose(records -> Future.join(records.stream().map(record -> discovery.unpublish(record.getRegistration())).toList()))
      .andThen(done -> forget())
      .mapEmpty();
  }

  private void forget() {
    generation.incrementAndGet();
    byName.clear();
  }

  private JsonObject metadata() {
    var metadata = new JsonObject().put(NODE, nodeId);
    var member = clusterMemberId.get();
    return member == null ? metadata : metadata.put(CLUSTER_MEMBER, member);
  }

  private Future<Registration> publish(Record record) {
    return discovery.publish(record).andThen(done -> forget())
      .map(published -> new Registration(published.getRegistration(), published.getName()));
  }

  // Several nodes may publish the same service: spread calls over them.
  private Future<Record> pickOne(String name, String type) {
    return recordsNamed(name)
      .map(records -> records.stream().filter(record -> type.equals(record.getType())).toList())
      .compose(records -> records.isEmpty()
        ? Future.failedFuture(new PeerNotFoundException(name))
        : Future.succeededFuture(any(records)));
  }

  // the records themselves are kept, never a future: a future would call back on the context that made it
  private Future<List<Record>> recordsNamed(String name) {
    long now = System.nanoTime();
    var cached = byName.get(name);
    if (cached != null && now - cached.expires() < 0) {
      return Future.succeededFuture(cached.records());
    }
    long seen = generation.get();
    return discovery.getRecords(record -> name.equals(record.getName()) && record.getStatus() == Status.UP)
      .onSuccess(records -> {
        var entry = new Cached(List.copyOf(records), now + CACHE_NANOS);
        byName.put(name, entry);
        // a change announced while this read ran may be missing from it
        if (generation.get() != seen) {
          byName.remove(name, entry);
        }
      });
  }

  private static Record any(List<Record> records) {
    return records.get(ThreadLocalRandom.current().nextInt(records.size()));
  }
}
