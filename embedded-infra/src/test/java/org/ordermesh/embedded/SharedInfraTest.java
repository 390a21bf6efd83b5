package org.ordermesh.embedded;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class SharedInfraTest {

  @Test
  @DisplayName("concurrent first callers all get the same, answering Mongo server")
  void oneMongoPerJvm(Vertx vertx) throws Exception {
    List<String> seen = fromManyThreads(SharedInfra::mongoConnectionString);
    assertThat(seen).containsOnly(SharedInfra.mongoConnectionString());

    MongoClient client = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", SharedInfra.mongoConnectionString()).put("db_name", "shared"));
    Await.result(client.insert("things", new JsonObject().put("_id", "thing-1")));
    assertThat(Await.result(client.count("things", new JsonObject()))).isEqualTo(1L);
    Await.result(client.close());
  }

  @Test
  @DisplayName("the shared broker creates topics and keeps its address")
  void oneKafkaPerJvm(Vertx vertx) {
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, Map.of("bootstrap.servers", SharedInfra.kafkaBootstrapServers()));
    Await.result(admin.createTopics(List.of(new NewTopic("shared.events.v1", 3, (short) 1))));
    assertThat(Await.result(admin.listTopics())).contains("shared.events.v1");
    Await.result(admin.close());
    assertThat(SharedInfra.kafkaBootstrapServers()).isEqualTo(SharedInfra.kafkaBootstrapServers());
  }

  private static List<String> fromManyThreads(Callable<String> call) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      return threads.invokeAll(List.of(call, call, call, call)).stream().map(SharedInfraTest::get).toList();
    } finally {
      threads.shutdown();
    }
  }

  private static String get(Future<String> future) {
    try {
      return future.get();
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    }
  }
}
