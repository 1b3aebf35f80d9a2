package io.libonomy.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.InvalidKeyException;
import io.libonomy.p2p.testing.Hex;
import io.libonomy.p2p.testing.WireVectors;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeysTest {

  @Test
  void parsesVectorPublicKeyFromBase58() {
    PublicKey parsed = PublicKey.fromBase58(WireVectors.node("/inputs/S_I_base58").asText());

    assertThat(parsed).isEqualTo(WireVectors.publicKey("S_I"));
    assertThat(parsed.toBase58()).isEqualTo(WireVectors.node("/inputs/S_I_base58").asText());
    assertThat(PublicKey.fromBase58(WireVectors.node("/inputs/S_R_base58").asText()))
        .isEqualTo(WireVectors.publicKey("S_R"));
  }

  @Test
  void derivesVectorPublicKeysFromPrivateKeys() {
    assertThat(WireVectors.privateKey("s_I").publicKey()).isEqualTo(WireVectors.publicKey("S_I"));
    assertThat(WireVectors.privateKey("s_R").publicKey()).isEqualTo(WireVectors.publicKey("S_R"));
    assertThat(WireVectors.privateKey("e_I").publicKey()).isEqualTo(WireVectors.publicKey("E_I"));
    assertThat(WireVectors.privateKey("e_R").publicKey()).isEqualTo(WireVectors.publicKey("E_R"));
  }

  @Test
  void rejectsPublicKeyOfWrongLengthNamingTheLength() {
    assertThatThrownBy(() -> PublicKey.of(new byte[31]))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("31");
  }

  @Test
  void rejectsBase58TextThatIsNotAKey() {
    assertThatThrownBy(() -> PublicKey.fromBase58("2g")).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> PublicKey.fromBase58("0OIl")).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> PublicKey.fromBase58("")).isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void neverRevealsPrivateKeyInToString() {
    PrivateKey key = WireVectors.privateKey("s_I");

    assertThat(key.toString())
        .doesNotContain(key.toBase58())
        .doesNotContainIgnoringCase(Hex.encode(key.bytes()))
        .doesNotContainIgnoringCase(Hex.encode(key.bytes()).substring(0, 8));
  }

  @Test
  void rejectsMismatchedKeyPair() {
    PrivateKey initiator = WireVectors.privateKey("s_I");
    PublicKey responder = WireVectors.publicKey("S_R");

    assertThatThrownBy(() -> new KeyPair(initiator, responder))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new KeyPair(initiator, WireVectors.publicKey("S_I")).publicKey())
        .isEqualTo(initiator.publicKey());
  }

  @Test
  void generatesConsistentPairFromRandom() {
    KeyPair pair = KeyPair.generate(new SplittableRandom(7));

    assertThat(pair.privateKey().publicKey()).isEqualTo(pair.publicKey());
  }

  @Test
  void ordersPublicKeysAsUnsignedBytes() {
    byte[] high = new byte[32];
    high[0] = (byte) 0x80;
    byte[] low = new byte[32];
    Arrays.fill(low, (byte) 0xff);
    low[0] = 0x7f;

    assertThat(PublicKey.of(high)).isGreaterThan(PublicKey.of(low));
    assertThat(PublicKey.of(low)).isLessThan(PublicKey.of(high));
    assertThat(PublicKey.of(high)).isEqualByComparingTo(PublicKey.of(high.clone()));
  }

  @Test
  void copiesKeyBytesInAndOut() {
    byte[] bytes = WireVectors.bytes("/inputs/S_I");
    PublicKey key = PublicKey.of(bytes);

    bytes[0] ^= 1;
    key.bytes()[1] ^= 1;

    assertThat(key).isEqualTo(WireVectors.publicKey("S_I"));
  }
}
