package io.libonomy.p2p.bench;

/**
 * One case of the direct-message benchmark: messages a second for one payload size, ours and
 * the two baselines, all measured in the same run.
 *
 * @param payloadSize payload bytes a message
 * @param ours two switches, one session, {@code direct} subscriber counting
 * @param rawNetty plain Reactor Netty with the same framing, no crypto
 * @param sealAlone secretbox seal of the payload on one thread
 */
record DirectResult(int payloadSize, double ours, double rawNetty, double sealAlone) {

  /** The case's name in tables and JSON, such as {@code "1024B"}. */
  String caseName() {
    return payloadSize + "B";
  }

  /** Ours divided by seal-alone: how much of the crypto budget the rest of the stack costs. */
  double oursOverSeal() {
    return ours / sealAlone;
  }

  /** Ours divided by the slower baseline: the share of the nearer floor that ours reaches. */
  double oursOverMin() {
    return ours / Math.min(rawNetty, sealAlone);
  }

  /** Payload mebibytes a second that reached the receiver in ours. */
  double oursMebibytesPerSecond() {
    return ours * payloadSize / (1024.0 * 1024.0);
  }
}
