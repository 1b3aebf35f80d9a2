package io.libonomy.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.InvalidKeyException;
import io.libonomy.p2p.api.LowOrderKeyException;
import io.libonomy.p2p.testing.Hex;
import io.libonomy.p2p.testing.WireVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Curve25519Test {

  // RFC 7748 §6.1
  private static final String ALICE_PRIVATE =
      "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
  private static final String ALICE_PUBLIC =
      "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
  private static final String BOB_PRIVATE =
      "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
  private static final String BOB_PUBLIC =
      "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
  private static final String SHARED =
      "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

  @Test
  void derivesRfc7748PublicKeys() {
    assertThat(PrivateKey.of(Hex.decode(ALICE_PRIVATE)).publicKey().bytes())
        .isEqualTo(Hex.decode(ALICE_PUBLIC));
    assertThat(PrivateKey.of(Hex.decode(BOB_PRIVATE)).publicKey().bytes())
        .isEqualTo(Hex.decode(BOB_PUBLIC));
  }

  @Test
  void computesRfc7748SharedSecretOnBothSides() {
    PrivateKey alice = PrivateKey.of(Hex.decode(ALICE_PRIVATE));
    PrivateKey bob = PrivateKey.of(Hex.decode(BOB_PRIVATE));

    assertThat(Hex.encode(Curve25519.sharedSecret(alice, PublicKey.of(Hex.decode(BOB_PUBLIC)))))
        .isEqualTo(SHARED);
    assertThat(Hex.encode(Curve25519.sharedSecret(bob, PublicKey.of(Hex.decode(ALICE_PUBLIC)))))
        .isEqualTo(SHARED);
  }

  @Test
  void computesRfc7748SharedSecretOnRawArrays() {
    byte[] secret =
        Curve25519.sharedSecret(Hex.decode(ALICE_PRIVATE), Hex.decode(BOB_PUBLIC));

    assertThat(Hex.encode(secret)).isEqualTo(SHARED);
  }

  @Test
  void leavesRawInputsUnmodified() {
    byte[] mine = Hex.decode(ALICE_PRIVATE);
    byte[] theirs = Hex.decode(BOB_PUBLIC);

    Curve25519.sharedSecret(mine, theirs);

    assertThat(mine).isEqualTo(Hex.decode(ALICE_PRIVATE));
    assertThat(theirs).isEqualTo(Hex.decode(BOB_PUBLIC));
  }

  @Test
  void reproducesHandshakeIkmFromBothEphemeralPairs() {
    byte[] ikm = WireVectors.bytes("/handshake/ikm");

    assertThat(Curve25519.sharedSecret(WireVectors.privateKey("e_I"), WireVectors.publicKey("E_R")))
        .isEqualTo(ikm);
    assertThat(Curve25519.sharedSecret(WireVectors.privateKey("e_R"), WireVectors.publicKey("E_I")))
        .isEqualTo(ikm);
  }

  @ParameterizedTest(name = "u = {0}")
  @ValueSource(
      strings = {
        "0000000000000000000000000000000000000000000000000000000000000000", // 0
        "0100000000000000000000000000000000000000000000000000000000000000", // 1
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p - 1
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p, i.e. 0
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f" // p + 1, i.e. 1
      })
  void rejectsLowOrderPublicKey(String lowOrderPoint) {
    PrivateKey mine = PrivateKey.of(Hex.decode(ALICE_PRIVATE));
    byte[] point = Hex.decode(lowOrderPoint);

    assertThatThrownBy(() -> Curve25519.sharedSecret(mine, PublicKey.of(point)))
        .isInstanceOf(LowOrderKeyException.class);
    assertThatThrownBy(() -> Curve25519.sharedSecret(Hex.decode(ALICE_PRIVATE), point))
        .isInstanceOf(LowOrderKeyException.class);
  }

  @Test
  void rejectsRawKeysOfWrongLength() {
    assertThatThrownBy(() -> Curve25519.sharedSecret(new byte[31], Hex.decode(BOB_PUBLIC)))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("31");
    assertThatThrownBy(() -> Curve25519.sharedSecret(Hex.decode(ALICE_PRIVATE), new byte[33]))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("33");
  }
}
