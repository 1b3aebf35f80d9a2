package io.libonomy.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.CryptoException;
import io.libonomy.p2p.api.LowOrderKeyException;
import io.libonomy.p2p.testing.Hex;
import io.libonomy.p2p.testing.WireVectors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NaclBoxTest {

  private static final PrivateKey ALICE = PrivateKey.of(NaclVectors.ALICE_SECRET);
  private static final PrivateKey BOB = PrivateKey.of(NaclVectors.BOB_SECRET);
  private static final PublicKey ALICE_PUBLIC = PublicKey.of(NaclVectors.ALICE_PUBLIC);
  private static final PublicKey BOB_PUBLIC = PublicKey.of(NaclVectors.BOB_PUBLIC);

  /** Frame 1: version byte, S_I, E_I, n1, then the box. */
  private static final int BODY1_BOX_OFFSET = 1 + 32 + 32 + 24;
  /** Frame 2 and UDP datagrams: version byte, a key, a nonce, then the box. */
  private static final int KEY_NONCE_BOX_OFFSET = 1 + 32 + 24;

  @Test
  void reproducesNaclBeforenmFirstKeyFromBothSides() {
    assertThat(Hex.encode(NaclBox.beforenm(BOB_PUBLIC, ALICE)))
        .isEqualTo(Hex.encode(NaclVectors.FIRST_KEY));
    assertThat(NaclBox.beforenm(ALICE_PUBLIC, BOB)).isEqualTo(NaclVectors.FIRST_KEY);
  }

  @Test
  void reproducesNaclBoxVector() {
    byte[] box = NaclBox.seal(NaclVectors.MESSAGE, NaclVectors.NONCE, BOB_PUBLIC, ALICE);

    assertThat(Hex.encode(box)).isEqualTo(Hex.encode(NaclVectors.BOX));
    assertThat(NaclBox.open(NaclVectors.BOX, NaclVectors.NONCE, ALICE_PUBLIC, BOB))
        .isEqualTo(NaclVectors.MESSAGE);
  }

  @Test
  void reproducesHandshakeFrame1ByteForByte() {
    byte[] body1 = WireVectors.bytes("/handshake/body1");
    byte[] m1 = WireVectors.bytes("/handshake/m1");
    byte[] n1 = WireVectors.bytes("/inputs/n1");
    PublicKey initiator = WireVectors.publicKey("S_I");
    byte[] box = Arrays.copyOfRange(body1, BODY1_BOX_OFFSET, body1.length);

    byte[] sealed =
        NaclBox.seal(m1, n1, WireVectors.publicKey("S_R"), WireVectors.privateKey("s_I"));

    assertThat(Arrays.copyOfRange(body1, 1, 33)).isEqualTo(initiator.bytes());
    assertThat(Arrays.copyOfRange(body1, 65, BODY1_BOX_OFFSET)).isEqualTo(n1);
    assertThat(Hex.encode(sealed)).isEqualTo(Hex.encode(box));
    assertThat(NaclBox.open(box, n1, initiator, WireVectors.privateKey("s_R"))).isEqualTo(m1);
  }

  @Test
  void reproducesHandshakeFrame2ByteForByte() {
    byte[] body2 = WireVectors.bytes("/handshake/body2");
    byte[] m2 = WireVectors.bytes("/handshake/m2");
    byte[] n2 = WireVectors.bytes("/inputs/n2");
    byte[] box = Arrays.copyOfRange(body2, KEY_NONCE_BOX_OFFSET, body2.length);

    byte[] sealed =
        NaclBox.seal(m2, n2, WireVectors.publicKey("S_I"), WireVectors.privateKey("s_R"));

    assertThat(Arrays.copyOfRange(body2, 33, KEY_NONCE_BOX_OFFSET)).isEqualTo(n2);
    assertThat(Hex.encode(sealed)).isEqualTo(Hex.encode(box));
    assertThat(NaclBox.open(box, n2, WireVectors.publicKey("S_R"), WireVectors.privateKey("s_I")))
        .isEqualTo(m2);
  }

  @ParameterizedTest(name = "udp/{0}")
  @ValueSource(strings = {"ping", "pingAnswer", "getAddresses", "getAddressesAnswer"})
  void reproducesUdpDatagramByteForByte(String name) {
    byte[] datagram = WireVectors.bytes("/udp/" + name + "/datagram");
    byte[] plaintext = WireVectors.bytes("/udp/" + name + "/plaintext");
    byte[] nonce = WireVectors.bytes("/udp/" + name + "/nonce");
    PublicKey sender = PublicKey.of(Arrays.copyOfRange(datagram, 1, 33));
    boolean fromInitiator = sender.equals(WireVectors.publicKey("S_I"));
    PrivateKey senderKey = WireVectors.privateKey(fromInitiator ? "s_I" : "s_R");
    PrivateKey receiverKey = WireVectors.privateKey(fromInitiator ? "s_R" : "s_I");
    byte[] box = Arrays.copyOfRange(datagram, KEY_NONCE_BOX_OFFSET, datagram.length);

    assertThat(Arrays.copyOfRange(datagram, 33, KEY_NONCE_BOX_OFFSET)).isEqualTo(nonce);
    assertThat(Hex.encode(NaclBox.seal(plaintext, nonce, receiverKey.publicKey(), senderKey)))
        .isEqualTo(Hex.encode(box));
    assertThat(NaclBox.open(box, nonce, sender, receiverKey)).isEqualTo(plaintext);
  }

  @Test
  void rejectsBoxOpenedWithAnotherSendersKey() {
    PublicKey stranger = KeyPair.generate().publicKey();

    assertThatThrownBy(() -> NaclBox.open(NaclVectors.BOX, NaclVectors.NONCE, stranger, BOB))
        .isInstanceOf(CryptoException.class)
        .isNotInstanceOf(LowOrderKeyException.class);
  }

  @Test
  void rejectsTamperedBox() {
    byte[] tampered = NaclVectors.BOX.clone();
    tampered[tampered.length - 1] ^= 1;

    assertThatThrownBy(() -> NaclBox.open(tampered, NaclVectors.NONCE, ALICE_PUBLIC, BOB))
        .isInstanceOf(CryptoException.class)
        .hasMessage("secretbox failed to open");
  }

  @Test
  void rejectsLowOrderPeerKeyWhenSealingOrOpening() {
    PublicKey lowOrder =
        PublicKey.of(
            Hex.decode("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"));

    assertThatThrownBy(() -> NaclBox.beforenm(lowOrder, ALICE))
        .isInstanceOf(LowOrderKeyException.class);
    assertThatThrownBy(() -> NaclBox.seal(new byte[1], NaclVectors.NONCE, lowOrder, ALICE))
        .isInstanceOf(LowOrderKeyException.class);
    assertThatThrownBy(() -> NaclBox.open(NaclVectors.BOX, NaclVectors.NONCE, lowOrder, BOB))
        .isInstanceOf(LowOrderKeyException.class);
  }

  @Test
  void boxesEmptyMessageToTagOnly() {
    byte[] box = NaclBox.seal(new byte[0], NaclVectors.NONCE, BOB_PUBLIC, ALICE);

    assertThat(box).hasSize(SecretBox.TAG_LENGTH);
    assertThat(NaclBox.open(box, NaclVectors.NONCE, ALICE_PUBLIC, BOB)).isEmpty();
  }
}
