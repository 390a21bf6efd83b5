package org.ordermesh.platform.discovery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import io.vertx.servicediscovery.Status;
import io.vertx.servicediscovery.types.HttpEndpoint;
import io.vertx.servicediscovery.types.MessageSource;

import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link ServiceRegistry} on vertx-service-discovery. Its default backend is the Vert.x shared data, so
 * on a clustered node records are visible to every node of the cluster.
 */
public final class DiscoveryServiceRegistry implements ServiceRegistry {

  private final ServiceDiscovery discovery;
  private static final String NODE = "node";
  private static final String CLUSTER_MEMBER = "clusterMember";

  private final String nodeId;
  private final Supplier<String> clusterMemberId;

  /** {@code clusterMemberId} answers this node's cluster member id, or null on a standalone node. */
  public DiscoveryServiceRegistry(Vertx vertx, String nodeId, Supplier<String> clusterMemberId) {
    this.discovery = ServiceDiscovery.create(vertx, new ServiceDiscoveryOptions());
    this.nodeId = nodeId;
    this.clusterMemberId = clusterMemberId;
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
    return discovery.unpublish(registration.id());
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
  public Future<Void> close() {
    discovery.close();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> withdrawMember(String clusterNodeId) {
    return discovery.getRecords(record -> clusterNodeId.equals(record.getMetadata().getString(CLUSTER_MEMBER)), true)
      .compose(records -> Future.join(records.stream().map(record -> discovery.unpublish(record.getRegistration())).toList()))
      .mapEmpty();
  }

  private JsonObject metadata() {
    var metadata = new JsonObject().put(NODE, nodeId);
    var member = clusterMemberId.get();
    return member == null ? metadata : metadata.put(CLUSTER_MEMBER, member);
  }

  private Future<Registration> publish(Record record) {
    return discovery.publish(record).map(published -> new Registration(published.getRegistration(), published.getName()));
  }

  // Several nodes may publish the same service: spread calls over them.
  private Future<Record> pickOne(String name, String type) {
    return discovery.getRecords(record -> name.equals(record.getName()) && type.equals(record.getType())
        && record.getStatus() == Status.UP)
      .compose(records -> records.isEmpty()
        ? Future.failedFuture(new PeerNotFoundException(name))
        : Future.succeededFuture(any(records)));
  }

  private static Record any(List<Record> records) {
    return records.get(ThreadLocalRandom.current().nextInt(records.size()));
  }
}
