package io.libonomy.p2p.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import org.junit.jupiter.api.Test;

/** Which pipeline errors are a lost connection (closed quietly) rather than a bug (warned). */
class SessionHandlerErrorsTest {

  @Test
  void socketFailuresAreALostConnection() {
    assertThat(SessionHandler.isConnectionLost(new IOException("Connection reset by peer")))
        .isTrue();
    assertThat(SessionHandler.isConnectionLost(new SocketException("Broken pipe"))).isTrue();
    assertThat(SessionHandler.isConnectionLost(new ClosedChannelException())).isTrue();
    assertThat(SessionHandler.isConnectionLost(
        new Errors.NativeIoException("recvAddress", Errors.ERRNO_ECONNRESET_NEGATIVE)))
        .isTrue();
    // what Netty's epoll transport throws for ENOTCONN on read (seen in a 1,000-node sim)
    assertThat(SessionHandler.isConnectionLost(new NotYetConnectedException())).isTrue();
  }

  @Test
  void programmingErrorsAreNot() {
    assertThat(SessionHandler.isConnectionLost(new IllegalStateException("bug"))).isFalse();
    assertThat(SessionHandler.isConnectionLost(new NullPointerException())).isFalse();
  }
}
