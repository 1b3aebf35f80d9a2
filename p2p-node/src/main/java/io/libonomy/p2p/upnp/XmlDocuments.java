package io.libonomy.p2p.upnp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses the gateway's XML with a namespace-aware DOM parser that refuses any DOCTYPE, so no
 * entity (external or recursively expanding) is ever declared, let alone resolved. Input is
 * already bounded by {@link UpnpOptions#maxResponseBytes()}. Runs off the event loops: the JDK
 * parser may load its message bundles from the class path on an error.
 */
final class XmlDocuments {

  private static final ErrorHandler STRICT = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {
      // warnings do not make a document unusable
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };

  private XmlDocuments() {}

  /**
   * The document in {@code bytes}.
   *
   * @throws UpnpException {@link UpnpException.Reason#MALFORMED_RESPONSE} when it is not
   *     well-formed or declares a DOCTYPE
   */
  static Document parse(byte[] bytes, String what) {
    try {
      DocumentBuilder builder = hardenedFactory().newDocumentBuilder();
      builder.setErrorHandler(STRICT);
      builder.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entity refused: " + systemId);
      });
      return builder.parse(new ByteArrayInputStream(bytes));
    } catch (SAXException | IOException e) {
      throw new UpnpException(
          UpnpException.Reason.MALFORMED_RESPONSE, what + " is not usable XML: " + e.getMessage());
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
    }
  }

  /** The trimmed text of {@code parent}'s first child element named {@code localName}. */
  static @Nullable String childText(Element parent, String localName) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && localName.equals(element.getLocalName())) {
        return element.getTextContent().trim();
      }
    }
    return null;
  }

  /** The first element named {@code localName} in any namespace, depth first. */
  static @Nullable Element first(Document document, String localName) {
    Node node = document.getElementsByTagNameNS("*", localName).item(0);
    return node instanceof Element element ? element : null;
  }

  private static DocumentBuilderFactory hardenedFactory() throws ParserConfigurationException {
    // newDefaultInstance skips the service lookup, which reads files
    DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
    factory.setNamespaceAware(true);
    factory.setValidating(false);
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return factory;
  }
}
