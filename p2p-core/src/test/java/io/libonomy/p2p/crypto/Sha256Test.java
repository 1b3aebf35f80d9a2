package io.libonomy.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.testing.Hex;
import io.libonomy.p2p.testing.WireVectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Sha256Test {

  @Test
  void hashesFipsVectors() {
    assertThat(Hex.encode(Sha256.digest()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Hex.encode(Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void hashesConcatenationOfParts() {
    byte[] whole =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            .getBytes(StandardCharsets.US_ASCII);

    byte[] digest =
        Sha256.digest(
            Arrays.copyOfRange(whole, 0, 5),
            new byte[0],
            Arrays.copyOfRange(whole, 5, 40),
            Arrays.copyOfRange(whole, 40, whole.length));

    assertThat(Hex.encode(digest))
        .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  }

  @Test
  void reproducesHandshakeSaltFromBothBodies() {
    byte[] salt =
        Sha256.digest(WireVectors.bytes("/handshake/body1"), WireVectors.bytes("/handshake/body2"));

    assertThat(salt).isEqualTo(WireVectors.bytes("/handshake/salt"));
  }
}
