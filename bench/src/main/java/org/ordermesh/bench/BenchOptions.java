package org.ordermesh.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line, typed: {@code <scenario> [--key value]...}. Every key has a default, so a scenario runs with
 * none; {@link #USAGE} has one line of doc per key.
 *
 * @param scenario    ceiling, product-read, browse, order, order-hot, order-growth or peer
 * @param rates       target rates in requests (or orders) per second; more than one is a sweep
 * @param warmup      time at the target rate before measuring starts
 * @param duration    measured time at each rate
 * @param target      a running node's gateway; empty: the harness starts its own node
 * @param products    products created in setup
 * @param customers   customer accounts registered in setup (Argon2: slow, so few)
 * @param connections HTTP connections the generator may open, in total
 * @param p99LimitMs  the p99 a rate must meet to count as sustainable in a sweep
 * @param stored      order-growth: orders stored before each measurement
 * @param confirm     order: how completion is observed, {@code sse} (the status feed) or {@code poll}
 * @param pollMillis  order with {@code --confirm poll}: the interval between reads
 * @param storeCount  order: count store round trips per confirmed order (starts a second, proxied node)
 * @param nodeJar     the node's fat jar, started with {@code java -jar}
 * @param nodeJvmArgs extra JVM flags for a started node, space-separated
 * @param resultsDir  where the JSON results and node logs go
 * @param inFlightLevels closed-loop runs: operations in flight at once; the reads' and ceiling's saturation runs
 *                    at each level of a list and keeps the best (on 2 cores the bare server answers less at 128
 *                    than at 32); the other closed loops (warm-ups, order-hot, peer) use the last
 * @param burst       order-hot: orders of the burst check (0: none)
 * @param ceiling     reads and order scenarios: measure the bare server's maximum in the same run and print
 *                    every figure as a ratio to it
 * @param nodeWarmup  the scenario's own shots in a closed loop after setup and before the first measured rate,
 *                    unreported, so the node's JIT compiler has done most of its work (it takes about a core for
 *                    the first minutes on 2 cores, and every figure measured meanwhile pays for it)
 * @param peerDir     peer: the Flask peer's directory (its {@code orders.py})
 */
public record BenchOptions(String scenario, List<Integer> rates, Duration warmup, Duration duration,
                           Optional<String> target, Optional<String> catalogTarget, String adminEmail,
                           Optional<String> adminPassword, int products, int customers, int connections,
                           int lanes, long p99LimitMs, List<Integer> stored, String confirm, long pollMillis,
                           boolean storeCount, Path nodeJar, List<String> nodeJvmArgs, Path resultsDir,
                           List<Integer> inFlightLevels, int burst, boolean ceiling, Duration nodeWarmup, Path peerDir) {

  public static final String USAGE = """
      usage: java -jar bench/target/ordermesh-bench.jar <scenario> [options]
        scenarios: ceiling | product-read | browse | order | order-hot | order-growth | peer
        --rate N | --rates N,N,..  target rate(s) per second, open loop (a list is a sweep)
        --warmup 5s                time at each rate before measuring
        --duration 20s             measured time at each rate
        --target URL               a running node's gateway (default: start a node with fresh data and free ports)
        --catalog-target URL       product-read with --target: the catalog port (default: target host, port 8082)
        --admin-email E            with --target: the seeded admin (default admin@ordermesh.local)
        --admin-password P         with --target: its password
        --products N               products created in setup (product-read 10000, browse 2000, orders 100)
        --customers N              customers registered in setup (default 8)
        --connections N            HTTP connections of the generator (default 64; orders 256)
        --lanes N                  generator event loops (default 2)
        --p99-limit-ms N           p99 a rate must meet to count as sustainable (reads 100, orders 250)
        --stored N,N,..            order-growth: orders stored before each step (default 1000,10000,100000)
        --confirm sse|poll         order: watch the status feed (default) or poll GET /orders/{id}
        --poll-ms N                order with --confirm poll: interval between reads (default 10)
        --store-count true|false   order: count store round trips per order (default true; needs a started node)
        --node-jar PATH            default cluster-config/target/ordermesh-node.jar
        --node-jvm-args "ARGS"     extra JVM flags for a started node
        --results DIR              default bench/target/results
        --in-flight N | N,N,..     closed loop: operations in flight (ceiling, product-read, browse 32,128: a maximum at each,
                                   the best counts; warm-ups, order-hot and peer: the last, default 32)
        --burst N                  order-hot: orders in the burst check, from --in-flight connections (default 3000; 0: none)
        --ceiling true|false       product-read, browse, order, order-hot: measure the bare server's maximum in the same run
                                   (orders first, reads last) and print ratios to it (default true)
        --node-warmup D            a closed loop of the scenario's own shots, unmeasured, before the first rate (0s: none;
                                   product-read and browse 60s, order scenarios and peer 180s; order-growth then deletes its orders)
        --peer-dir PATH            peer: the Flask peer's directory (default ../shared/peers/flask-orders from the repo root)
      """;

  private static final List<String> SCENARIOS = List.of("ceiling", "product-read", "browse", "order", "order-hot",
      "order-growth", "peer");

  public static BenchOptions parse(String[] args) {
    if (args.length == 0 || !SCENARIOS.contains(args[0])) {
      throw new IllegalArgumentException(args.length == 0 ? "no scenario" : "unknown scenario " + args[0]);
    }
    String scenario = args[0];
    Map<String, String> opts = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --key value at " + args[i]);
      }
      opts.put(args[i].substring(2), args[++i]);
    }
    boolean orders = scenario.startsWith("order") || scenario.equals("peer");
    String rates = opts.getOrDefault("rates", opts.getOrDefault("rate", defaultRates(scenario)));
    Path base = Files2.repoRoot();
    var options = new BenchOptions(scenario, ints(rates),
        duration(opts.getOrDefault("warmup", "5s")), duration(opts.getOrDefault("duration", "20s")),
        Optional.ofNullable(opts.remove("target")), Optional.ofNullable(opts.remove("catalog-target")),
        opts.getOrDefault("admin-email", "admin@ordermesh.local"), Optional.ofNullable(opts.remove("admin-password")),
        Integer.parseInt(opts.getOrDefault("products", defaultProducts(scenario))),
        Integer.parseInt(opts.getOrDefault("customers", "8")),
        Integer.parseInt(opts.getOrDefault("connections", orders ? "256" : "64")),
        Integer.parseInt(opts.getOrDefault("lanes", "2")),
        Long.parseLong(opts.getOrDefault("p99-limit-ms", orders ? "250" : "100")),
        ints(opts.getOrDefault("stored", "1000,10000,100000")),
        opts.getOrDefault("confirm", "sse"), Long.parseLong(opts.getOrDefault("poll-ms", "10")),
        Boolean.parseBoolean(opts.getOrDefault("store-count", "true")),
        Path.of(opts.getOrDefault("node-jar", base.resolve("cluster-config/target/ordermesh-node.jar").toString())),
        opts.containsKey("node-jvm-args") ? Arrays.asList(opts.get("node-jvm-args").trim().split("\\s+")) : List.of(),
        Path.of(opts.getOrDefault("results", base.resolve("bench/target/results").toString())),
        ints(opts.getOrDefault("in-flight", orders ? "32" : "32,128")),
        Integer.parseInt(opts.getOrDefault("burst", "3000")),
        Boolean.parseBoolean(opts.getOrDefault("ceiling", "true")),
        duration(opts.getOrDefault("node-warmup", defaultNodeWarmup(scenario))),
        Path.of(opts.getOrDefault("peer-dir", base.resolve("../shared/peers/flask-orders").normalize().toString())));
    List<String> known = List.of("rates", "rate", "warmup", "duration", "admin-email", "products", "customers",
        "connections", "lanes", "p99-limit-ms", "stored", "confirm", "poll-ms", "store-count", "node-jar",
        "node-jvm-args", "results", "in-flight", "burst", "ceiling", "node-warmup", "peer-dir");
    List<String> unknown = new ArrayList<>(opts.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + unknown);
    }
    return options;
  }

  /** The closed loops' operations in flight where one level is wanted: the last of {@code --in-flight}. */
  public int inFlight() {
    return inFlightLevels.get(inFlightLevels.size() - 1);
  }

  public boolean startsNode() {
    return target.isEmpty();
  }

  private static String defaultRates(String scenario) {
    return switch (scenario) {
      case "ceiling" -> "2000,4000,8000,16000";
      case "product-read" -> "1000,2000,4000";
      case "browse" -> "200,400,800";
      default -> "50,100,200";
    };
  }

  private static String defaultNodeWarmup(String scenario) {
    return switch (scenario) {
      case "ceiling" -> "0s";
      case "product-read", "browse" -> "60s";
      default -> "180s";
    };
  }

  private static String defaultProducts(String scenario) {
    return switch (scenario) {
      case "product-read" -> "10000";
      case "browse" -> "2000";
      case "order-hot" -> "1";
      default -> "100";
    };
  }

  private static List<Integer> ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
  }

  /** {@code 500ms}, {@code 20s}, {@code 2m}, or bare seconds. */
  static Duration duration(String text) {
    if (text.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    if (text.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    if (text.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    return Duration.ofSeconds(Long.parseLong(text));
  }
}
