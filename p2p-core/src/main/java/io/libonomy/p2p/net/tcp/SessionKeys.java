package io.libonomy.p2p.net.tcp;

import java.util.Objects;

/**
 * The two directional transport keys a handshake produced: {@code k_IR} keys
 * initiator→responder frames, {@code k_RI} responder→initiator frames (§5.2 step 3).
 */
record SessionKeys(byte[] initiatorToResponder, byte[] responderToInitiator) {

  SessionKeys {
    Objects.requireNonNull(initiatorToResponder, "initiatorToResponder");
    Objects.requireNonNull(responderToInitiator, "responderToInitiator");
  }

  byte[] sendKey(boolean initiator) {
    return initiator ? initiatorToResponder : responderToInitiator;
  }

  byte[] receiveKey(boolean initiator) {
    return initiator ? responderToInitiator : initiatorToResponder;
  }
}
