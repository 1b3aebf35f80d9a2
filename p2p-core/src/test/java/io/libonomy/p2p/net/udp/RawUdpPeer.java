package io.libonomy.p2p.net.udp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A plain {@link DatagramSocket} on a loopback address: sends hand-made datagrams to a mux and
 * captures what a mux sends to it. Blocking; for the test thread only.
 */
final class RawUdpPeer implements AutoCloseable {

  private final DatagramSocket socket;

  private RawUdpPeer(DatagramSocket socket) {
    this.socket = socket;
  }

  /** A socket bound to {@code loopbackIp} (127.0.0.0/8 only) and a free port. */
  static RawUdpPeer bind(String loopbackIp) {
    try {
      InetAddress ip = InetAddress.getByName(loopbackIp);
      if (!ip.isLoopbackAddress()) {
        throw new IllegalArgumentException("tests stay on loopback: " + loopbackIp);
      }
      return new RawUdpPeer(new DatagramSocket(new InetSocketAddress(ip, 0)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Sends {@code datagram} to 127.0.0.1:{@code port}. */
  void send(byte[] datagram, int port) {
    try {
      socket.send(new DatagramPacket(datagram, datagram.length,
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next datagram received, or null if none arrives within {@code within}. */
  byte @Nullable [] receive(Duration within) {
    byte[] buffer = new byte[65_536];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    try {
      socket.setSoTimeout((int) within.toMillis());
      socket.receive(packet);
      return Arrays.copyOf(buffer, packet.getLength());
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
