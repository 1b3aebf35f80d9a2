package io.libonomy.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.MalformedMessageException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The envelope fast path agrees with the general decoder: whatever it accepts, the general
 * decoder decodes to the same envelope; whatever the general decoder rejects, it leaves alone.
 */
class CanonicalEnvelopeTest {

  private static final long SEED = 20261205L;

  private static Envelope randomEnvelope(Random random) {
    EnvelopeKind kind = EnvelopeKind.values()[random.nextInt(EnvelopeKind.values().length)];
    StringBuilder protocol = new StringBuilder();
    int length = random.nextInt(4) == 0 ? random.nextInt(300) : random.nextInt(20);
    for (int i = 0; i < length; i++) {
      protocol.append(random.nextInt(10) == 0 ? 'é' : (char) ('a' + random.nextInt(26)));
    }
    long[] ints = {0, 1, 23, 24, 255, 256, 65_535, 65_536, Integer.MAX_VALUE, Long.MAX_VALUE};
    int msgType = (int) Math.min(Integer.MAX_VALUE, ints[random.nextInt(9)]);
    long reqId = ints[random.nextInt(ints.length)];
    byte[] payload = new byte[random.nextInt(3) == 0 ? random.nextInt(70_000) : random.nextInt(30)];
    random.nextBytes(payload);
    return new Envelope(kind, protocol.toString(), msgType, reqId, payload);
  }

  @Test
  void canonicalEncodingsDecodeToTheSameEnvelopeOnBothPaths() {
    Random random = new Random(SEED);
    for (int i = 0; i < 2_000; i++) {
      Envelope envelope = randomEnvelope(random);
      byte[] encoded = WireCodec.encode(envelope);

      Envelope fast = CanonicalEnvelope.decode(encoded, 0, encoded.length);
      Envelope general = WireCodec.decodeEnvelopeGeneral(encoded, 0, encoded.length);

      assertThat(general).as("seed %d case %d", SEED, i).isEqualTo(envelope);
      if (envelope.protocol().chars().allMatch(c -> c < 0x80)) {
        assertThat(fast).as("seed %d case %d", SEED, i).isEqualTo(envelope);
      } else {
        assertThat(fast).as("non-ASCII goes the general way").isNull();
      }
      assertThat(WireCodec.decodeEnvelope(encoded)).isEqualTo(envelope);
    }
  }

  @Test
  void mutatedInputIsNeverAcceptedByTheFastPathAloneNorDecodedDifferently() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 20_000; i++) {
      byte[] encoded = WireCodec.encode(randomEnvelope(random));
      byte[] mutated = mutate(encoded, random);
      int offset = random.nextInt(3) == 0 ? random.nextInt(Math.max(1, mutated.length)) : 0;
      int length = mutated.length - offset;

      Envelope fast = CanonicalEnvelope.decode(mutated, offset, length);
      Envelope general;
      try {
        general = WireCodec.decodeEnvelopeGeneral(mutated, offset, length);
      } catch (MalformedMessageException e) {
        assertThat(fast).as("seed %d case %d: general rejects (%s)", SEED + 1, i,
            e.getMessage()).isNull();
        continue;
      }
      if (fast != null) {
        assertThat(fast).as("seed %d case %d", SEED + 1, i).isEqualTo(general);
      }
    }
  }

  private static byte[] mutate(byte[] encoded, Random random) {
    byte[] copy = encoded.clone();
    switch (random.nextInt(4)) {
      case 0 -> copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
      case 1 -> copy[random.nextInt(Math.min(copy.length, 12))] ^= (byte) (1 << random.nextInt(8));
      case 2 -> {
        byte[] shorter = new byte[random.nextInt(copy.length)];
        System.arraycopy(copy, 0, shorter, 0, shorter.length);
        return shorter;
      }
      default -> {
        byte[] longer = new byte[copy.length + 1 + random.nextInt(3)];
        System.arraycopy(copy, 0, longer, 0, copy.length);
        return longer;
      }
    }
    return copy;
  }
}
