package io.libonomy.p2p.upnp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.libonomy.p2p.upnp.SoapEnvelope.Argument;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoapEnvelopeTest {

  @Test
  void escapesMarkupAndReplacesCharactersXmlCannotCarry() {
    assertThat(SoapEnvelope.escape("<a href='x'>&\"</a>"))
        .isEqualTo("&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;");
    assertThat(SoapEnvelope.escape("nul\u0000 bell\u0007 tab\t emoji\uD83D\uDE00"))
        .isEqualTo("nul\uFFFD bell\uFFFD tab\t emoji\uD83D\uDE00");
  }

  @Test
  void aRequestIsAnEnvelopeAroundTheActionInItsServiceNamespace() {
    String xml = new String(SoapEnvelope.request(DeviceDescription.WAN_IP_1, "DeletePortMapping",
        List.of(new Argument("NewExternalPort", "7513"), new Argument("NewProtocol", "TCP"))),
        StandardCharsets.UTF_8);

    SoapCall call = new SoapCall("/ctl", null, null, xml);
    assertThat(call.action()).isEqualTo("DeletePortMapping");
    assertThat(call.serviceType()).isEqualTo(DeviceDescription.WAN_IP_1);
    assertThat(call.arguments())
        .containsExactly(
            entry("NewExternalPort", "7513"),
            entry("NewProtocol", "TCP"));
  }

  @Test
  void aFaultWithoutAUpnpErrorIsAnHttpStatusError() {
    byte[] notSoap = "<html>busy</html>".getBytes(StandardCharsets.UTF_8);

    UpnpException error = SoapEnvelope.failure(503, notSoap, "AddPortMapping");

    assertThat(error.reason()).isEqualTo(UpnpException.Reason.HTTP_STATUS);
    assertThat(error.errorCode()).isEmpty();
    assertThat(error).hasMessageContaining("503");
  }
}
