package io.libonomy.p2p.upnp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.udp.UdpServer;

/** One SSDP search: an M-SEARCH from a fresh ephemeral socket, then the answers for a window. */
final class SsdpSearch {

  static final String DEVICE_TYPE = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";

  /** More answers than a home network has gateways; bounds the descriptions one search fetches. */
  private static final int MAX_ANSWERS = 16;

  private static final Logger log = LoggerFactory.getLogger(SsdpSearch.class);

  private SsdpSearch() {}

  /**
   * The distinct usable answers to one M-SEARCH, completing after {@link
   * UpnpOptions#searchWindow()}; cancelling closes the socket.
   */
  static Flux<SsdpAnswer> run(UpnpOptions options) {
    return Flux.usingWhen(
        bind(options.ssdpTarget()),
        socket -> answers(socket)
            .mergeWith(send(socket, options).then(Mono.empty()))
            .take(options.searchWindow(), options.timer())
            .distinct(answer -> answer.location().uri())
            .take(MAX_ANSWERS),
        SsdpSearch::close);
  }

  private static Mono<Connection> bind(InetSocketAddress target) {
    String host;
    if (target.getAddress().isLoopbackAddress()) {
      host = target.getAddress().getHostAddress();
    } else {
      host = target.getAddress() instanceof Inet6Address ? "::" : "0.0.0.0";
    }
    return UdpServer.create()
        .host(host)
        .port(0)
        .option(ChannelOption.IP_MULTICAST_TTL, 2)
        .bind()
        .cast(Connection.class);
  }

  private static Flux<SsdpAnswer> answers(Connection socket) {
    return socket.inbound().receiveObject()
        .ofType(DatagramPacket.class)
        .handle((packet, sink) -> {
          // the packet is released once this returns, so it is read here
          String text = packet.content().toString(StandardCharsets.ISO_8859_1);
          try {
            sink.next(SsdpAnswer.parse(text, packet.sender().getAddress()));
          } catch (SsdpAnswer.Skipped e) {
            if (log.isDebugEnabled()) {
              log.debug("[upnp] skipped SSDP answer from {}: {}", packet.sender(), e.getMessage());
            }
          }
        });
  }

  private static Mono<Void> send(Connection socket, UpnpOptions options) {
    InetSocketAddress target = options.ssdpTarget();
    return Mono.defer(() -> {
      LoopbackGuard.permit(target.getAddress(), options, "SSDP M-SEARCH");
      byte[] search = mSearch(target).getBytes(StandardCharsets.US_ASCII);
      return socket.outbound()
          .sendObject(new DatagramPacket(Unpooled.wrappedBuffer(search), target))
          .then();
    });
  }

  static String mSearch(InetSocketAddress target) {
    return "M-SEARCH * HTTP/1.1\r\n"
        + "HOST: " + NetUtil.toSocketAddressString(target) + "\r\n"
        + "MAN: \"ssdp:discover\"\r\n"
        + "MX: 2\r\n"
        + "ST: " + DEVICE_TYPE + "\r\n"
        + "\r\n";
  }

  private static Mono<Void> close(Connection socket) {
    socket.dispose();
    return socket.onDispose();
  }
}
