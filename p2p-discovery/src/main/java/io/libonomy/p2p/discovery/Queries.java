package io.libonomy.p2p.discovery;

import io.libonomy.p2p.identity.NodeInfo;
import java.util.List;
import reactor.core.publisher.Mono;

/** The requester side of the discovery protocol, as the refresher uses it (faked in tests). */
interface Queries {

  /** PINGs {@code node}; see {@link Discovery#ping}. */
  Mono<PingResult> ping(NodeInfo node);

  /** Asks {@code node} for addresses; see {@link Discovery#getAddresses}. */
  Mono<List<NodeInfo>> getAddresses(NodeInfo node);
}
