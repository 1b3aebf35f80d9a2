package io.libonomy.p2p.upnp;

import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.udp.UdpServer;

/**
 * A UPnP Internet Gateway Device on loopback, for tests in p2p-node (the UPnP client's and the
 * Switch's): an SSDP responder on {@code 127.0.0.1:0} that answers every M-SEARCH with a
 * {@code LOCATION} on its own HTTP server, which serves the device description and a SOAP
 * control endpoint. It records what it receives and can be told to misbehave. Point the client
 * at it with {@link #options()}. Thread-safe; close it to release both sockets.
 */
public final class FakeGateway implements AutoCloseable {

  /** Which WAN connection service the description offers. */
  public enum Service {
    /** Only {@code WANIPConnection:1}, at the control path. */
    WAN_IP_1,
    /** {@code WANIPConnection:1} at {@code /ip-ctl} listed first, then {@code WANPPPConnection:1} at the control path. */
    WAN_PPP_1,
    /** Only {@code WANIPConnection:2}, at the control path. */
    WAN_IP_2
  }

  /** How the description names the control URL. */
  public enum ControlUrlStyle {
    /** {@code /ctl}, relative to the description's URL. */
    RELATIVE,
    /** {@code http://<host>:<port>/ctl}. */
    ABSOLUTE,
    /** {@code ctl} against {@code <URLBase>http://<host>:<port>/base/</URLBase>}: {@code /base/ctl}. */
    URL_BASE
  }

  /** How an HTTP endpoint misbehaves. */
  public enum Fault {
    /** Status 500 with a plain-text body. */
    HTTP_500,
    /** Reads the request and never answers. */
    NEVER_ANSWER,
    /** Status 200 with the right document padded to over 128 KiB, chunked, no Content-Length. */
    OVERSIZED_BODY,
    /** Status 200 with XML that is not well-formed. */
    MALFORMED_XML,
    /** Status 200 with a DOCTYPE declaring an external entity on {@code /xxe} of this server. */
    XXE
  }

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final Service service;
  private final ControlUrlStyle style;
  private final Queue<String> searches = new ConcurrentLinkedQueue<>();
  private final Queue<String> requests = new ConcurrentLinkedQueue<>();
  private final Queue<SoapCall> calls = new ConcurrentLinkedQueue<>();
  private final DisposableServer http;
  private final Connection ssdp;
  private volatile @Nullable List<String> answers;
  private volatile @Nullable Fault descriptionFault;
  private volatile @Nullable Fault controlFault;
  private volatile @Nullable String soapFault;
  private volatile String externalAddress = "127.1.2.3";
  private volatile @Nullable String describedControlUrl;

  private FakeGateway(Service service, ControlUrlStyle style, String httpHost) {
    this.service = service;
    this.style = style;
    this.http = HttpServer.create()
        .host(httpHost)
        .port(0)
        .route(routes -> routes
            .get("/desc.xml", this::description)
            .post("/ctl", this::control)
            .post("/base/ctl", this::control)
            .post("/ip-ctl", this::control)
            .get("/xxe", (request, response) -> {
              requests.add("GET /xxe");
              return response.sendString(Mono.just("127.6.6.6"));
            }))
        .bindNow();
    try {
      this.ssdp = UdpServer.create()
          .host("127.0.0.1")
          .port(0)
          .handle((in, out) -> in.receiveObject()
              .ofType(DatagramPacket.class)
              .map(p -> new Received(p.content().toString(StandardCharsets.ISO_8859_1), p.sender()))
              .concatMap(received -> out.sendObject(answersTo(received)).then())
              .then())
          .bindNow();
    } catch (RuntimeException e) {
      http.disposeNow(CLOSE_TIMEOUT);
      throw e;
    }
  }

  private record Received(String text, InetSocketAddress sender) {}

  /** A {@code WANIPConnection:1} gateway with a relative control URL, everything on 127.0.0.1. */
  public static FakeGateway start() {
    return start(Service.WAN_IP_1, ControlUrlStyle.RELATIVE);
  }

  /** A gateway offering {@code service}, naming its control URL in {@code style}. */
  public static FakeGateway start(Service service, ControlUrlStyle style) {
    return start(service, style, "127.0.0.1");
  }

  /**
   * A gateway whose HTTP server listens on {@code httpHost} (a loopback address) while its SSDP
   * responder stays on 127.0.0.1: with another host, its answers point at a third party.
   */
  public static FakeGateway start(Service service, ControlUrlStyle style, String httpHost) {
    return new FakeGateway(
        Objects.requireNonNull(service, "service"), Objects.requireNonNull(style, "style"),
        Objects.requireNonNull(httpHost, "httpHost"));
  }

  /** A well-formed SSDP answer pointing at {@code location}. */
  public static String answer(URI location) {
    return "HTTP/1.1 200 OK\r\n"
        + "CACHE-CONTROL: max-age=120\r\n"
        + "EXT:\r\n"
        + "LOCATION: " + location + "\r\n"
        + "SERVER: FakeGateway/1.0 UPnP/1.0\r\n"
        + "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
        + "USN: uuid:fake-gateway::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
        + "\r\n";
  }

  /**
   * Client options aimed at this gateway: its SSDP address, 300 ms search windows, 3 searches
   * with pauses of at most 20 ms, 2 s request timeout, loopback only.
   */
  public UpnpOptions options() {
    return UpnpOptions.defaults()
        .withSsdpTarget(ssdpAddress())
        .withSearchWindow(Duration.ofMillis(300))
        .withRetryBackoff(Duration.ofMillis(20))
        .withRequestTimeout(Duration.ofSeconds(2))
        .withLoopbackOnly(true);
  }

  /** Where the SSDP responder listens. */
  public InetSocketAddress ssdpAddress() {
    return (InetSocketAddress) ssdp.channel().localAddress();
  }

  /** The URL of the device description. */
  public URI descriptionUrl() {
    return URI.create(base() + "/desc.xml");
  }

  /** The control URL the client should choose. */
  public URI controlUrl() {
    return URI.create(base() + (style == ControlUrlStyle.URL_BASE ? "/base/ctl" : "/ctl"));
  }

  /** The service type the client should choose. */
  public String serviceType() {
    return switch (service) {
      case WAN_IP_1 -> DeviceDescription.WAN_IP_1;
      case WAN_PPP_1 -> DeviceDescription.WAN_PPP_1;
      case WAN_IP_2 -> DeviceDescription.WAN_IP_2;
    };
  }

  /** Answer each M-SEARCH with these datagrams, in order, instead of one good answer. */
  public FakeGateway answerWith(List<String> datagrams) {
    this.answers = List.copyOf(datagrams);
    return this;
  }

  /** Receive M-SEARCHes but never answer. */
  public FakeGateway silent() {
    return answerWith(List.of());
  }

  /** Make the description endpoint misbehave. */
  public FakeGateway failDescription(Fault fault) {
    this.descriptionFault = fault;
    return this;
  }

  /** Make the control endpoint misbehave. */
  public FakeGateway failControl(Fault fault) {
    this.controlFault = fault;
    return this;
  }

  /** Answer every SOAP action with HTTP 500 and this UPnP error. */
  public FakeGateway failControlWithUpnpError(int errorCode, String errorDescription) {
    this.soapFault = "<errorCode>" + errorCode + "</errorCode><errorDescription>"
        + errorDescription + "</errorDescription>";
    return this;
  }

  /** Name this text as the control URL in the description, whatever the style says. */
  public FakeGateway describeControlUrl(String text) {
    this.describedControlUrl = text;
    return this;
  }

  /** The text GetExternalIPAddress answers; default {@code 127.1.2.3}. */
  public FakeGateway externalAddress(String text) {
    this.externalAddress = text;
    return this;
  }

  /** Every datagram the SSDP responder received, as text. */
  public List<String> searches() {
    return List.copyOf(searches);
  }

  /** Every HTTP request, as {@code METHOD path}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** Every SOAP request the control endpoint received. */
  public List<SoapCall> calls() {
    return List.copyOf(calls);
  }

  @Override
  public void close() {
    ssdp.disposeNow(CLOSE_TIMEOUT);
    http.disposeNow(CLOSE_TIMEOUT);
  }

  private String base() {
    InetSocketAddress address = (InetSocketAddress) http.address();
    return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  private Flux<DatagramPacket> answersTo(Received received) {
    searches.add(received.text());
    if (!received.text().startsWith("M-SEARCH")) {
      return Flux.empty();
    }
    List<String> scripted = answers;
    List<String> datagrams = scripted != null ? scripted : List.of(answer(descriptionUrl()));
    return Flux.fromIterable(datagrams).map(text -> new DatagramPacket(
        Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1)), received.sender()));
  }

  private Publisher<Void> description(HttpServerRequest request, HttpServerResponse response) {
    requests.add("GET " + request.uri());
    Fault fault = descriptionFault;
    return fault != null ? misbehave(fault, response, true, "") : xml(response, descriptionXml());
  }

  private Publisher<Void> control(HttpServerRequest request, HttpServerResponse response) {
    requests.add("POST " + request.uri());
    return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
        // the fake parses the request to answer it; keep that off the event loop as well
        .publishOn(Schedulers.boundedElastic())
        .flatMap(body -> {
          SoapCall call = new SoapCall(request.uri(), request.requestHeaders().get("SOAPAction"),
              request.requestHeaders().get("Content-Type"), body);
          calls.add(call);
          Fault fault = controlFault;
          String upnpError = soapFault;
          if (fault != null) {
            return Mono.from(misbehave(fault, response, false, body));
          }
          if (upnpError != null) {
            return xml(response.status(HttpResponseStatus.INTERNAL_SERVER_ERROR), faultXml(upnpError));
          }
          return xml(response, successXml(body));
        });
  }

  private Publisher<Void> misbehave(
      Fault fault, HttpServerResponse response, boolean forDescription, String requestBody) {
    return switch (fault) {
      case HTTP_500 -> response.status(HttpResponseStatus.INTERNAL_SERVER_ERROR)
          .sendString(Mono.just("internal error")).then();
      case NEVER_ANSWER -> Mono.never();
      case OVERSIZED_BODY -> response.header("Content-Type", "text/xml")
          .sendString(Flux.concat(
              Mono.just(forDescription ? descriptionXml() : successXml(requestBody)),
              Flux.range(0, 128).map(i -> "<!--" + "x".repeat(1017) + "-->\n")))
          .then();
      case MALFORMED_XML -> xml(response, "<?xml version=\"1.0\"?><root><device><unclosed></root>");
      case XXE -> xml(response, xxeXml(forDescription));
    };
  }

  private static Mono<Void> xml(HttpServerResponse response, String xml) {
    return response.header("Content-Type", "text/xml; charset=\"utf-8\"")
        .sendString(Mono.just(xml)).then();
  }

  private String descriptionXml() {
    String urlBase = style == ControlUrlStyle.URL_BASE ? "<URLBase>" + base() + "/base/</URLBase>" : "";
    String described = describedControlUrl;
    String control = described != null ? described : switch (style) {
      case RELATIVE -> "/ctl";
      case ABSOLUTE -> base() + "/ctl";
      case URL_BASE -> "ctl";
    };
    String services = switch (service) {
      case WAN_IP_1 -> serviceXml(DeviceDescription.WAN_IP_1, control);
      case WAN_PPP_1 -> serviceXml(DeviceDescription.WAN_IP_1, "/ip-ctl")
          + serviceXml(DeviceDescription.WAN_PPP_1, control);
      case WAN_IP_2 -> serviceXml(DeviceDescription.WAN_IP_2, control);
    };
    return "<?xml version=\"1.0\"?>\n"
        + "<root xmlns=\"urn:schemas-upnp-org:device-1-0\">"
        + "<specVersion><major>1</major><minor>0</minor></specVersion>" + urlBase
        + "<device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
        + "<friendlyName>Fake gateway</friendlyName>"
        + "<serviceList>"
        + serviceXml("urn:schemas-upnp-org:service:Layer3Forwarding:1", "/l3f") + "</serviceList>"
        + "<deviceList><device>"
        + "<deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType>"
        + "<deviceList><device>"
        + "<deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType>"
        + "<serviceList>" + services + "</serviceList>"
        + "</device></deviceList></device></deviceList></device></root>\n";
  }

  private static String serviceXml(String type, String controlUrl) {
    return "<service><serviceType>" + type + "</serviceType>"
        + "<serviceId>urn:upnp-org:serviceId:fake</serviceId>"
        + "<controlURL>" + controlUrl + "</controlURL>"
        + "<eventSubURL>/evt</eventSubURL><SCPDURL>/scpd.xml</SCPDURL></service>";
  }

  private String successXml(String requestBody) {
    String action = new SoapCall("", null, null, requestBody).action();
    String values = action.equals("GetExternalIPAddress")
        ? "<NewExternalIPAddress>" + externalAddress + "</NewExternalIPAddress>"
        : "";
    return envelope("<u:" + action + "Response xmlns:u=\"" + serviceType() + "\">" + values
        + "</u:" + action + "Response>");
  }

  private static String faultXml(String upnpError) {
    return envelope("<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring>"
        + "<detail><UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\">" + upnpError
        + "</UPnPError></detail></s:Fault>");
  }

  /** A well-formed document whose DOCTYPE declares an entity on this server's {@code /xxe}. */
  private String xxeXml(boolean forDescription) {
    String entity = "&xxe;";
    String document = forDescription
        ? descriptionXml().replace("Fake gateway", entity)
        : envelope("<u:GetExternalIPAddressResponse xmlns:u=\"" + serviceType() + "\">"
            + "<NewExternalIPAddress>" + entity + "</NewExternalIPAddress>"
            + "</u:GetExternalIPAddressResponse>");
    String root = forDescription ? "root" : "s:Envelope";
    return document.replace("<?xml version=\"1.0\"?>\n", "<?xml version=\"1.0\"?>\n"
        + "<!DOCTYPE " + root + " [<!ENTITY xxe SYSTEM \"" + base() + "/xxe\">]>\n");
  }

  private static String envelope(String body) {
    return "<?xml version=\"1.0\"?>\n"
        + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""
        + " s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">"
        + "<s:Body>" + body + "</s:Body></s:Envelope>";
  }
}
