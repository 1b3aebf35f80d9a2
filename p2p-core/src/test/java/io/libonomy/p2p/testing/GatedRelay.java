package io.libonomy.p2p.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on 127.0.0.1 that accepts one connection, connects it to a target, and relays
 * nothing until the test opens a gate: it holds a dial right after the TCP connect, so a test
 * can act while the dial is provably in flight (both sides of a simultaneous dial started, a
 * shutdown before the handshake ends). Runs on its own test-owned threads; it blocks, so never
 * call it from a Reactor or Netty thread.
 */
public final class GatedRelay implements AutoCloseable {

  private static final Duration GATE_TIMEOUT = Duration.ofSeconds(10);

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final CountDownLatch gate;
  private final CountDownLatch accepted = new CountDownLatch(1);
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private GatedRelay(InetSocketAddress target, CountDownLatch gate) throws IOException {
    this.server = new ServerSocket(0, 8, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    this.target = target;
    this.gate = gate;
  }

  /** Starts a relay to {@code target} that relays once {@code gate} reaches zero. */
  public static GatedRelay to(InetSocketAddress target, CountDownLatch gate) throws IOException {
    GatedRelay relay = new GatedRelay(target, gate);
    relay.thread("relay-accept", relay::acceptOne);
    return relay;
  }

  /** The address to dial instead of the target. */
  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** Whether a dial reached the relay (and the relay reached the target) within {@code within}. */
  public boolean awaitAccepted(Duration within) throws InterruptedException {
    return accepted.await(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void acceptOne() {
    try {
      Socket client = server.accept();
      sockets.add(client);
      Socket upstream = new Socket(target.getAddress(), target.getPort());
      sockets.add(upstream);
      accepted.countDown();
      if (!gate.await(GATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
        return;
      }
      thread("relay-up", () -> pump(client, upstream));
      thread("relay-down", () -> pump(upstream, client));
    } catch (IOException | InterruptedException e) {
      closeQuietly();
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: the relay closes both below
    }
    closeQuietly();
  }

  private void thread(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      // closing is best effort
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
