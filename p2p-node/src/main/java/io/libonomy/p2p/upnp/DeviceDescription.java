package io.libonomy.p2p.upnp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Finds the WAN connection service in an IGD device description. */
final class DeviceDescription {

  static final String WAN_PPP_1 = "urn:schemas-upnp-org:service:WANPPPConnection:1";
  static final String WAN_IP_1 = "urn:schemas-upnp-org:service:WANIPConnection:1";
  static final String WAN_IP_2 = "urn:schemas-upnp-org:service:WANIPConnection:2";

  /** The seed asks for WANPPPConnection:1 first, then WANIPConnection:1; :2 is a fallback. */
  private static final List<String> PREFERENCE = List.of(WAN_PPP_1, WAN_IP_1, WAN_IP_2);

  /** The service chosen from a description: its type and where to post actions. */
  record WanService(String serviceType, HttpTarget control) {}

  private DeviceDescription() {}

  /**
   * The preferred WAN connection service of the description {@code answer} pointed at; its
   * control URL is resolved against {@code URLBase}, else the description's own URL, and must
   * be on the responder's address.
   *
   * @throws SsdpAnswer.Skipped when the description offers none that qualifies
   * @throws UpnpException {@link UpnpException.Reason#MALFORMED_RESPONSE} for malformed XML
   */
  static WanService parse(byte[] xml, SsdpAnswer answer) throws SsdpAnswer.Skipped {
    Document document = XmlDocuments.parse(xml, "device description");
    URI base = base(document, answer.location().uri());
    NodeList services = document.getElementsByTagNameNS("*", "service");
    for (String wanted : PREFERENCE) {
      for (int i = 0; i < services.getLength(); i++) {
        Node node = services.item(i);
        if (node instanceof Element service
            && wanted.equals(XmlDocuments.childText(service, "serviceType"))) {
          return new WanService(wanted, control(service, base, answer));
        }
      }
    }
    throw new SsdpAnswer.Skipped("no WANPPPConnection or WANIPConnection service");
  }

  private static URI base(Document document, URI location) throws SsdpAnswer.Skipped {
    Element root = document.getDocumentElement();
    String urlBase = XmlDocuments.childText(root, "URLBase");
    URI base = location;
    if (urlBase != null && !urlBase.isEmpty()) {
      try {
        base = new URI(urlBase);
      } catch (URISyntaxException e) {
        throw new SsdpAnswer.Skipped("URLBase is not a URI: " + e.getMessage());
      }
    }
    // URI.resolve drops the slash between an empty base path and a relative reference
    return base.getRawPath() == null || base.getRawPath().isEmpty() ? base.resolve("/") : base;
  }

  private static HttpTarget control(Element service, URI base, SsdpAnswer answer)
      throws SsdpAnswer.Skipped {
    String controlUrl = XmlDocuments.childText(service, "controlURL");
    if (controlUrl == null || controlUrl.isEmpty()) {
      throw new SsdpAnswer.Skipped("service without controlURL");
    }
    URI resolved;
    try {
      resolved = base.resolve(new URI(controlUrl));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new SsdpAnswer.Skipped("controlURL is not a URI: " + e.getMessage());
    }
    HttpTarget target = HttpTarget.of(resolved)
        .orElseThrow(() -> new SsdpAnswer.Skipped("controlURL is not http://<ip>: " + resolved));
    if (!target.ip().equals(answer.responder())) {
      throw new SsdpAnswer.Skipped("controlURL " + resolved + " is not on the responder "
          + answer.responder().getHostAddress());
    }
    return target;
  }
}
