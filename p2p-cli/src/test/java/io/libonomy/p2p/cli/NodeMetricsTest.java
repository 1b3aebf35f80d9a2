package io.libonomy.p2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code p2p node --metrics-port}: the node's meters in the Prometheus text format. */
class NodeMetricsTest {

  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

  private Cli.Running node(String... extra) {
    List<String> args = new ArrayList<>(List.of("node", "--tcp-port", "0", "--bind",
        "127.0.0.1", "--data-dir", dataDir.toString()));
    args.addAll(List.of(extra));
    return Cli.start(args.toArray(String[]::new));
  }

  /** The URL of the {@code metrics} line, the first line on stderr. */
  private static URI metricsUrl(Cli.Running node) throws InterruptedException {
    String line = node.err.next(Cli.DEADLINE);
    assertThat(line).as("first stderr line").startsWith("metrics http://127.0.0.1:")
        .endsWith("/metrics");
    return URI.create(line.substring("metrics ".length()));
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The scraped text, or "" when the scrape failed (the condition is polled again). */
  private String scrape(URI uri) {
    try {
      return get(uri).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Test
  void servesTheNodesMetersInThePrometheusTextFormat() throws Exception {
    try (Cli.Running node = node("--echo", "chat/1", "--metrics-port", "0")) {
      URI metrics = metricsUrl(node);
      String url = node.awaitUrl();
      assertThat(Cli.run("send", url, "chat/1", "hello").out()).containsExactly("hello");

      HttpResponse<String> scraped = get(metrics);

      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.headers().firstValue("content-type"))
          .contains(MetricsEndpoint.CONTENT_TYPE);
      assertThat(scraped.body())
          .contains("# TYPE p2p_handshakes_total counter")
          .containsPattern("p2p_handshakes_total\\{[^}]*result=\"ok\"[^}]*} [1-9]")
          .contains("p2p_peers{");
      assertThat(node.stop()).isZero();
      assertThat(node.out.lines()).containsExactly("listening " + url);
    }
  }

  @Test
  void answersOtherPathsWith404AndOtherMethodsWith405() throws Exception {
    try (Cli.Running node = node("--metrics-port", "0")) {
      URI metrics = metricsUrl(node);
      node.awaitUrl();

      HttpResponse<String> elsewhere = get(metrics.resolve("/other"));
      HttpResponse<String> posted = http.send(HttpRequest.newBuilder(metrics)
              .timeout(HTTP_TIMEOUT).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<Void> head = http.send(HttpRequest.newBuilder(metrics).timeout(HTTP_TIMEOUT)
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());

      assertThat(elsewhere.statusCode()).isEqualTo(404);
      assertThat(posted.statusCode()).isEqualTo(405);
      assertThat(posted.headers().firstValue("allow")).contains("GET, HEAD");
      assertThat(head.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void withUpnpTheNodeTriesToMapItsPortAndRunsOnUnmappedWhenItCannot() throws Exception {
    // the test JVM refuses to send to anything but loopback (the build sets this property):
    // the default SSDP target, a multicast group, is refused before anything is sent
    assertThat(System.getProperty("io.libonomy.p2p.loopbackOnly")).isEqualTo("true");
    try (Cli.Running node = node("--upnp", "--echo", "chat/1", "--metrics-port", "0")) {
      URI metrics = metricsUrl(node);
      String url = node.awaitUrl();

      String failed = "p2p_upnp_mappings_total{result=\"failed\"} 1.0";
      Await.until(() -> scrape(metrics).contains(failed), Cli.DEADLINE, "the mapping given up");
      assertThat(Cli.run("send", url, "chat/1", "still here").out())
          .containsExactly("still here");
    }
  }

  @Test
  void withoutTheFlagNothingIsServedAndStderrStaysEmpty() throws Exception {
    try (Cli.Running node = node()) {
      node.awaitUrl();
      assertThat(node.stop()).isZero();
      assertThat(node.err.lines()).isEmpty();
    }
  }

  @Test
  void aMetricsPortInUseFailsTheCommandOnOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Cli.Result result = Cli.run("node", "--tcp-port", "0", "--bind", "127.0.0.1",
          "--data-dir", dataDir.toString(), "--metrics-port",
          String.valueOf(taken.getLocalPort()));

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.out()).isEmpty();
      assertThat(result.err()).singleElement().asString()
          .startsWith("error: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort() + ": ");
    }
  }

  @Test
  void aMetricsPortOutOfRangeIsAUsageError() {
    Cli.Result result = Cli.run("node", "--tcp-port", "0", "--bind", "127.0.0.1",
        "--data-dir", dataDir.toString(), "--metrics-port", "70000");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .containsExactly("error: --metrics-port must be in 0..65535, got 70000");
  }
}
