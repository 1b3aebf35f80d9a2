package io.libonomy.p2p.upnp;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One SOAP request a {@link FakeGateway}'s control endpoint received; the accessors parse the
 * recorded body on the calling (test) thread.
 */
public record SoapCall(
    String path, @Nullable String soapAction, @Nullable String contentType, String body) {

  /** The action element's local name, e.g. {@code AddPortMapping}. */
  public String action() {
    return actionElement().getLocalName();
  }

  /** The action's namespace: the service type the client addressed. */
  public String serviceType() {
    return actionElement().getNamespaceURI();
  }

  /** The arguments in the order they were sent, with their text unescaped. */
  public Map<String, String> arguments() {
    Map<String, String> arguments = new LinkedHashMap<>();
    for (Node n = actionElement().getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        arguments.put(e.getLocalName(), e.getTextContent());
      }
    }
    return arguments;
  }

  private Element actionElement() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Element envelope = factory.newDocumentBuilder()
          .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
          .getDocumentElement();
      Element bodyElement = firstChild(envelope);
      return firstChild(bodyElement);
    } catch (Exception e) {
      throw new AssertionError("not a SOAP envelope: " + body, e);
    }
  }

  private static Element firstChild(Element parent) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        return e;
      }
    }
    throw new AssertionError("no child element in " + parent.getLocalName());
  }
}
