package io.libonomy.p2p.bench;

import io.libonomy.p2p.server.MessageServer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

class RpcSubjectsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final byte[] PAYLOAD = Payload.seeded(RpcCommand.PAYLOAD_SIZE);

  @Test
  void oursEchoesThePayloadThroughTheMessageServers() {
    try (RpcSubject ours = new OursRpc(PAYLOAD, 4, MessageServer.HandlerThread.PARALLEL)) {
      ours.start();

      assertThat(ours.request().block(TIMEOUT)).isEqualTo(PAYLOAD);
    }
  }

  @Test
  void rawNettyEchoesFramesOfOursWireSizeToConcurrentRequesters() {
    // a CBOR envelope of 24 bytes around the payload (header, kind, "bench/rpc", msgType,
    // 8-byte reqId, byte-string header) and the 16-byte secretbox tag
    int bodyLength = OursRpc.frameBodyLength(PAYLOAD.length);
    assertThat(bodyLength).isEqualTo(PAYLOAD.length + 24 + 16);
    byte[] body = Payload.seeded(bodyLength);
    try (RpcSubject raw = new RawNettyRpc(body)) {
      raw.start();

      // requests made from many threads at once are all answered, each with the body
      List<byte[]> answers = Flux.range(0, 200)
          .flatMap(i -> raw.request().subscribeOn(Schedulers.parallel()), 32)
          .collectList()
          .block(TIMEOUT);

      assertThat(answers).hasSize(200).allSatisfy(a -> assertThat(a).isEqualTo(body));
    }
  }

  @Test
  void latencyRecordsEveryMeasuredRoundTripOfEachSubject() {
    try (RpcSubject first = new RawNettyRpc(PAYLOAD);
        RpcSubject second = new RawNettyRpc(new byte[1])) {
      first.start();
      second.start();

      // 303 does not divide into the blocks: the remainder must not be lost
      List<Histogram> nanos = Latency.measure(List.of(first, second), 20, 303);

      assertThat(nanos).hasSize(2)
          .allSatisfy(h -> assertThat(h.getTotalCount()).isEqualTo(303));
      RttPercentiles rtt = RttPercentiles.of(nanos.get(0));
      assertThat(rtt.count()).isEqualTo(303);
      assertThat(rtt.p50()).isPositive().isLessThanOrEqualTo(rtt.p99());
      assertThat(rtt.p99()).isLessThanOrEqualTo(rtt.p999());
      assertThat(rtt.p999()).isLessThanOrEqualTo(rtt.max());
    }
  }

  @Test
  void requestLoadCountsAnswersAndLeavesTheSubjectOpen() {
    try (RpcSubject ours = new OursRpc(PAYLOAD, 8, MessageServer.HandlerThread.CHANNEL)) {
      ours.start();

      double rate = Throughput.measure("ours rps", new RequestLoad(ours, 8),
          Duration.ofMillis(50), Duration.ofMillis(200));

      assertThat(rate).isPositive();
      assertThat(ours.request().block(TIMEOUT)).isEqualTo(PAYLOAD);
    }
  }
}
