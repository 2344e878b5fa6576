/** Metrics, history, subscriptions, JVM metrics, alerts and HTTP endpoints. */
module io.perfkit.monitor {
  requires io.perfkit.api;
}
