package io.libonomy.p2p.upnp;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Writes UPnP control requests and reads their responses and faults (UPnP Device Architecture 1.1 §3.2). */
final class SoapEnvelope {

  private SoapEnvelope() {}

  /** One {@code <name>value</name>} argument, in the order the action's signature lists it. */
  record Argument(String name, String value) {}

  /** The UTF-8 request envelope of {@code action}; every value is XML-escaped. */
  static byte[] request(String serviceType, String action, List<Argument> arguments) {
    StringBuilder xml = new StringBuilder(512)
        .append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n")
        .append("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"")
        .append(" s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">")
        .append("<s:Body><u:").append(action)
        .append(" xmlns:u=\"").append(escape(serviceType)).append("\">");
    for (Argument argument : arguments) {
      xml.append('<').append(argument.name()).append('>')
          .append(escape(argument.value()))
          .append("</").append(argument.name()).append('>');
    }
    xml.append("</u:").append(action).append("></s:Body></s:Envelope>\r\n");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The output arguments of {@code action}'s response.
   *
   * @throws UpnpException {@link UpnpException.Reason#MALFORMED_RESPONSE} when the body is not
   *     an {@code <actionResponse>} envelope
   */
  static Map<String, String> response(byte[] body, String action) {
    Document document = XmlDocuments.parse(body, action + " response");
    Element response = XmlDocuments.first(document, action + "Response");
    if (response == null) {
      throw new UpnpException(
          UpnpException.Reason.MALFORMED_RESPONSE, action + " response has no result element");
    }
    Map<String, String> values = new HashMap<>();
    for (Node child = response.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element) {
        values.put(element.getLocalName(), element.getTextContent().trim());
      }
    }
    return values;
  }

  /**
   * The error an HTTP {@code status} other than 200 stands for: the UPnP fault in {@code body}
   * when there is one, else the status itself.
   */
  static UpnpException failure(int status, byte[] body, String action) {
    UpnpException notSoap = new UpnpException(
        UpnpException.Reason.HTTP_STATUS, action + " failed: HTTP status " + status);
    Document document;
    try {
      document = XmlDocuments.parse(body, action + " fault");
    } catch (UpnpException e) {
      return notSoap;
    }
    Element fault = XmlDocuments.first(document, "UPnPError");
    String code = fault == null ? null : XmlDocuments.childText(fault, "errorCode");
    if (code == null) {
      return notSoap;
    }
    String description = XmlDocuments.childText(fault, "errorDescription");
    try {
      return new UpnpException(action, Integer.parseInt(code), description == null ? "" : description);
    } catch (NumberFormatException e) {
      return notSoap;
    }
  }

  /** Escapes markup characters and replaces characters XML 1.0 cannot carry with U+FFFD. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&apos;");
        default -> {
          boolean legal = c == 0x9 || c == 0xA || c == 0xD
              || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
          escaped.appendCodePoint(legal ? c : 0xFFFD);
        }
      }
    });
    return escaped.toString();
  }
}
