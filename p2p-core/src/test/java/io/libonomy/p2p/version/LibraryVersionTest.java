package io.libonomy.p2p.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.config.P2PConfig;
import org.junit.jupiter.api.Test;

class LibraryVersionTest {

  @Test
  void versionIsTheFilteredMavenProjectVersion() {
    assertThat(LibraryVersion.version())
        .doesNotContain("${")
        .matches("\\d+\\.\\d+\\.\\d+([-+].*)?");
  }

  @Test
  void clientVersionNamesThisLibraryAndParses() {
    String clientVersion = LibraryVersion.clientVersion();

    assertThat(clientVersion).isEqualTo("libonomy-p2p-java/" + LibraryVersion.version());
    assertThat(ClientVersion.parse(clientVersion).name()).isEqualTo("libonomy-p2p-java");
  }

  @Test
  void clientVersionIsAcceptedByTheDefaultMinimum() {
    ClientVersion min = ClientVersion.parse(P2PConfig.defaults().minClientVersion());

    assertThat(ClientVersion.accepts(LibraryVersion.clientVersion(), min)).isTrue();
  }
}
