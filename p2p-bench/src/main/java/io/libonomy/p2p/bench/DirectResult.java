package io.libonomy.p2p.bench;

/**
 * One case of the direct-message benchmark: messages a second for one payload size, ours and
 * the three baselines, all measured in the same run.
 *
 * @param payloadSize payload bytes a message
 * @param ours two switches, one session, {@code direct} subscriber counting
 * @param rawNetty plain Reactor Netty with the same framing, no crypto
 * @param sealAlone {@code crypto_secretbox} of the payload on one thread, full nonce every call
 * @param sealCounter the same boxes on one thread with the subkey computed once, as the
 *     transport seals
 */
record DirectResult(int payloadSize, double ours, double rawNetty, double sealAlone,
    double sealCounter) {

  /** The case's name in tables and JSON, such as {@code "1024B"}. */
  String caseName() {
    return payloadSize + "B";
  }

  /** Ours divided by seal-alone, the crypto baseline. */
  double oursOverSealAlone() {
    return ours / sealAlone;
  }

  /** Ours divided by seal-counter: against what the transport's own sealing costs. */
  double oursOverSealCounter() {
    return ours / sealCounter;
  }

  /** Ours divided by the slower of raw-netty and seal-alone (the floor). */
  double oursOverMin() {
    return ours / Math.min(rawNetty, sealAlone);
  }

  /** Payload mebibytes a second that reached the receiver in ours. */
  double oursMebibytesPerSecond() {
    return ours * payloadSize / (1024.0 * 1024.0);
  }
}
