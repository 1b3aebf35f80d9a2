package io.libonomy.p2p.testkit.junit;

import io.libonomy.p2p.testkit.LocalNetwork;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import reactor.core.Exceptions;

/**
 * Creates, starts and injects the {@link LocalNetwork} of a {@link LocalNetworkTest}, and closes
 * it after the test. The network lives in the test method's store: JUnit closes what is left
 * there (a {@code LocalNetwork} is {@link AutoCloseable}) even when {@code afterEach} is not
 * reached.
 */
final class LocalNetworkExtension implements ParameterResolver, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalNetworkExtension.class);
  private static final String NETWORK = "network";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalNetwork.class
        && context.getTestMethod().isPresent()
        && annotation(context).isPresent();
  }

  @Override
  public LocalNetwork resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    LocalNetwork existing = store.get(NETWORK, LocalNetwork.class);
    if (existing != null) {
      return existing;
    }
    LocalNetworkTest shape = annotation(context).orElseThrow();
    if (shape.timeoutSeconds() < 1) {
      throw new ParameterResolutionException(
          "@LocalNetworkTest timeoutSeconds must be at least 1: " + shape.timeoutSeconds());
    }
    LocalNetwork network = LocalNetwork.create(settings(shape));
    store.put(NETWORK, network);
    startAndConverge(network, shape);
    return network;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    LocalNetwork network = context.getStore(NAMESPACE).remove(NETWORK, LocalNetwork.class);
    if (network != null) {
      network.close();
    }
  }

  private static Optional<LocalNetworkTest> annotation(ExtensionContext context) {
    // the method first, then its class and the classes enclosing a @Nested one
    for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent();
        c = c.get().getParent()) {
      Optional<LocalNetworkTest> found =
          AnnotationSupport.findAnnotation(c.get().getElement(), LocalNetworkTest.class);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static LocalNetwork.Settings settings(LocalNetworkTest shape) {
    LocalNetwork.Settings settings = LocalNetwork.Settings.of(shape.bootnodes(), shape.nodes())
        .withDegree(shape.degree())
        .withSeed(shape.seed());
    return shape.hook() == LocalNetwork.ConfigHook.class
        ? settings
        : settings.withHook(ReflectionSupport.newInstance(shape.hook()));
  }

  private static void startAndConverge(LocalNetwork network, LocalNetworkTest shape) {
    Duration timeout = Duration.ofSeconds(shape.timeoutSeconds());
    try {
      network.start().then(network.awaitConverged()).timeout(timeout).block();
    } catch (RuntimeException e) {
      Throwable cause = Exceptions.unwrap(e);
      String what = cause instanceof TimeoutException
          ? "did not start and converge within " + timeout.toSeconds() + " s"
          : "failed to start and converge";
      ParameterResolutionException failure = new ParameterResolutionException(
          "LocalNetwork of " + shape.bootnodes() + " bootnodes and " + shape.nodes()
              + " nodes (degree " + shape.degree() + ", seed " + shape.seed() + ") " + what
              + ": " + network.progress() + "; cause: " + cause, cause);
      try {
        network.close();
      } catch (RuntimeException closing) {
        failure.addSuppressed(closing);
      }
      throw failure;
    }
  }
}
