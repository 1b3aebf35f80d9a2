package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.crypto.SecretBox;
import io.libonomy.p2p.identity.NodeInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How many addresses a GET_ADDRESSES answer can carry: the whole datagram (§5.5) must stay
 * within {@code maxDatagramSize}. Computed from the datagram's real layout, with the worst case
 * for what the handler cannot know (the timestamp and reqId as 9-byte integers), so the answer
 * always fits whatever the mux stamps on it.
 */
final class AnswerBudget {

  /** {@code 0x01 | S_sender (32) | n (24)} and the box's 16-byte tag. */
  static final int DATAGRAM_OVERHEAD = 1 + PublicKey.LENGTH + SecretBox.NONCE_LENGTH
      + SecretBox.TAG_LENGTH;
  private static final int LONGEST_INT = 9;

  private final int maxPayload;

  /**
   * @param maxDatagramSize the responder's {@code maxDatagramSize}
   * @param networkId the responder's network id, written in every datagram
   * @param protocol the protocol name, written in every datagram
   * @param msgType the answer's msgType
   */
  AnswerBudget(int maxDatagramSize, int networkId, String protocol, int msgType) {
    int protocolBytes = protocol.getBytes(StandardCharsets.UTF_8).length;
    // p = ["udp", networkId, timestampMillis, kind, protocol, msgType, reqId, payload]
    int plaintextWithoutPayload = 1 + NodeInfoCodec.stringSize(3)
        + NodeInfoCodec.headerSize(networkId) + LONGEST_INT + 1
        + NodeInfoCodec.stringSize(protocolBytes) + NodeInfoCodec.headerSize(msgType)
        + LONGEST_INT;
    int room = maxDatagramSize - DATAGRAM_OVERHEAD - plaintextWithoutPayload;
    int payload = Math.max(0, room - NodeInfoCodec.headerSize(Math.max(0, room)));
    while (payload > 0 && NodeInfoCodec.stringSize(payload) > room) {
      payload--;
    }
    this.maxPayload = payload;
  }

  /** The largest payload, in bytes, whose datagram fits. */
  int maxPayload() {
    return maxPayload;
  }

  /** The longest prefix of {@code nodes} whose list encoding fits {@link #maxPayload()}. */
  List<NodeInfo> fit(List<NodeInfo> nodes) {
    List<NodeInfo> fitting = new ArrayList<>();
    int entries = 0;
    for (NodeInfo node : nodes) {
      int withNode = entries + NodeInfoCodec.encodedSize(node);
      if (NodeInfoCodec.headerSize(fitting.size() + 1) + withNode > maxPayload) {
        break;
      }
      fitting.add(node);
      entries = withNode;
    }
    return fitting;
  }
}
