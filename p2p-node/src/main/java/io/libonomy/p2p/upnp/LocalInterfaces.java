package io.libonomy.p2p.upnp;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Finds the local address a gateway can reach this host at: the one on the gateway's subnet. */
final class LocalInterfaces {

  /** An interface address and the length of its network prefix. */
  record Subnet(InetAddress address, int prefixLength) {

    boolean contains(InetAddress other) {
      byte[] mine = address.getAddress();
      byte[] theirs = other.getAddress();
      if (mine.length != theirs.length || prefixLength < 0 || prefixLength > mine.length * 8) {
        return false;
      }
      int fullBytes = prefixLength / 8;
      for (int i = 0; i < fullBytes; i++) {
        if (mine[i] != theirs[i]) {
          return false;
        }
      }
      int restBits = prefixLength % 8;
      int mask = (0xFF << (8 - restBits)) & 0xFF;
      return restBits == 0 || (mine[fullBytes] & mask) == (theirs[fullBytes] & mask);
    }
  }

  private LocalInterfaces() {}

  /**
   * The address of the up interface whose subnet contains {@code gateway}; enumerating
   * interfaces is a system call, so it runs on {@link Schedulers#boundedElastic()}.
   */
  static Mono<InetAddress> facing(InetAddress gateway) {
    return Mono.fromCallable(() -> matching(gateway, ofThisHost()))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(SocketException.class, e -> new UpnpException(
            UpnpException.Reason.IO, "cannot list the local interfaces: " + e.getMessage(), e))
        .flatMap(found -> found.map(Mono::just).orElseGet(() -> Mono.error(new UpnpException(
            UpnpException.Reason.NO_LOCAL_ADDRESS,
            "no local interface is on the subnet of gateway " + gateway.getHostAddress()))));
  }

  /** The first subnet in {@code subnets} that contains {@code gateway}, as its address. */
  static Optional<InetAddress> matching(InetAddress gateway, List<Subnet> subnets) {
    return subnets.stream()
        .filter(subnet -> subnet.contains(gateway))
        .map(Subnet::address)
        .findFirst();
  }

  private static List<Subnet> ofThisHost() throws SocketException {
    List<Subnet> subnets = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp()) {
        for (InterfaceAddress address : nic.getInterfaceAddresses()) {
          subnets.add(new Subnet(address.getAddress(), address.getNetworkPrefixLength()));
        }
      }
    }
    return subnets;
  }
}
