package io.libonomy.p2p.server;

import static io.libonomy.p2p.server.ServerTests.LIFETIME;
import static io.libonomy.p2p.server.ServerTests.PROTOCOL;
import static io.libonomy.p2p.server.ServerTests.bytes;
import static io.libonomy.p2p.server.ServerTests.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.RequestTimeoutException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.server.MessageServer.HandlerThread;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * How timeouts use the timer: deadlines, not a task per request. Everything runs on the test
 * thread: the network delivers on the virtual-time scheduler and handlers run on the channel's
 * thread, so each step below has finished when the call that caused it returns.
 */
class MessageServerTimerTest {

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final CountingScheduler clientTimer = new CountingScheduler(time);
  private final CountingScheduler serverTimer = new CountingScheduler(time);
  private final InMemoryNetwork network = new InMemoryNetwork(time, 1024);
  private final MeterRegistry clientMeters = new SimpleMeterRegistry();
  private final MeterRegistry serverMeters = new SimpleMeterRegistry();
  private final InMemoryNetwork.Node serverNode = network.node("server");
  private final InMemoryNetwork.Node clientNode = network.node("client");
  private final MessageServer server = MessageServer.on(serverNode, PROTOCOL, LIFETIME,
      serverMeters, options(serverTimer));
  private final MessageServer client = MessageServer.on(clientNode, PROTOCOL, LIFETIME,
      clientMeters, options(clientTimer));
  private final List<Object> outcomes = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeEverything() {
    server.close().subscribe();
    client.close().subscribe();
    time.dispose();
  }

  @Test
  void answeredRequestsArmAboutOneTimerTaskPerLifetimeAndAnIdleServerNone() {
    server.handle(1, req -> Mono.just(req.payload()));

    // 1.5 lifetimes of requests, one every 10 ms: tasks armed at 0 s and at 10 s
    for (int i = 0; i < 1500; i++) {
      request(1);
      time.advanceTimeBy(Duration.ofMillis(10));
    }

    assertThat(outcomes).hasSize(1500).allSatisfy(o -> assertThat(o).isInstanceOf(byte[].class));
    assertThat(clientTimer.delayedTasks()).isEqualTo(2);
    assertThat(serverTimer.delayedTasks()).isEqualTo(2);
    time.advanceTimeBy(LIFETIME.multipliedBy(10));
    // the task armed at 10 s ran at 20 s, found nothing pending and was not re-armed
    assertThat(clientTimer.delayedTasks()).isEqualTo(2);
    assertThat(serverTimer.delayedTasks()).isEqualTo(2);
    assertThat(client.pendingRequests()).isZero();
    assertThat(count(clientMeters, "p2p.requests", "result", "timeout")).isZero();
  }

  @Test
  void eachRequestTimesOutOneLifetimeAfterItWasSentNotAfterTheArmedTask() {
    server.handle(1, req -> Mono.never());

    request(1);
    time.advanceTimeBy(Duration.ofSeconds(4));
    request(1);
    time.advanceTimeBy(LIFETIME.minusSeconds(4).minusNanos(1));
    assertThat(outcomes).isEmpty();
    time.advanceTimeBy(Duration.ofNanos(1));
    assertThat(outcomes).hasSize(1);
    assertThat(server.runningHandlers()).isEqualTo(1);
    time.advanceTimeBy(Duration.ofSeconds(4).minusNanos(1));
    assertThat(outcomes).hasSize(1);
    time.advanceTimeBy(Duration.ofNanos(1));

    assertThat(outcomes).hasSize(2)
        .allSatisfy(o -> assertThat(o).isInstanceOf(RequestTimeoutException.class));
    assertThat(client.pendingRequests()).isZero();
    assertThat(server.runningHandlers()).isZero();
    assertThat(count(serverMeters, "p2p.requests.served", "result", "timeout")).isEqualTo(2);
  }

  @Test
  void cancelledRequestLeavesThePendingTableAndNeverTimesOut() {
    server.handle(1, req -> Mono.never());

    Disposable request = request(1);
    assertThat(client.pendingRequests()).isEqualTo(1);
    request.dispose();
    assertThat(client.pendingRequests()).isZero();
    time.advanceTimeBy(LIFETIME.multipliedBy(2));

    assertThat(outcomes).isEmpty();
    assertThat(count(clientMeters, "p2p.requests", "result", "cancelled")).isEqualTo(1);
    assertThat(count(clientMeters, "p2p.requests", "result", "timeout")).isZero();
  }

  @Test
  void closeFailsPendingRequestsAndCutsOffHandlersBeforeTheirDeadline() {
    server.handle(1, req -> Mono.never());
    request(1);
    request(1);
    time.advanceTimeBy(Duration.ofSeconds(1));

    client.close().subscribe();
    server.close().subscribe();
    time.advanceTimeBy(LIFETIME.multipliedBy(2));

    assertThat(outcomes).hasSize(2)
        .allSatisfy(o -> assertThat(o).isInstanceOf(ShutdownException.class));
    assertThat(server.runningHandlers()).isZero();
    assertThat(count(clientMeters, "p2p.requests", "result", "shutdown")).isEqualTo(2);
    assertThat(count(clientMeters, "p2p.requests", "result", "timeout")).isZero();
    assertThat(count(serverMeters, "p2p.requests.served", "result", "timeout")).isZero();
  }

  @Test
  void channelHandlersAnswerBeforeTheRequestCallReturns() {
    server.handle(1, req -> Flux.just(req.payload()).next());

    request(1);

    assertThat(outcomes).hasSize(1);
    assertThat(server.runningHandlers()).isZero();
  }

  private Disposable request(int msgType) {
    return client.request(serverNode.endpoint(), msgType, bytes("q"))
        .subscribe(outcomes::add, outcomes::add);
  }

  private static MessageServer.Options options(CountingScheduler timer) {
    return MessageServer.Options.defaults().withTimer(timer)
        .withHandlerThread(HandlerThread.CHANNEL);
  }
}
