package io.libonomy.p2p.testkit.junit;

import io.libonomy.p2p.testkit.LocalNetwork;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that gets a started and converged {@link LocalNetwork} as a parameter:
 *
 * <pre>{@code
 * @LocalNetworkTest(bootnodes = 1, nodes = 9, degree = 4)
 * void everyNodeHearsTheGossip(LocalNetwork network) { ... }
 * }</pre>
 *
 * <p>On a method it is the test's {@link Test @Test}. On a class it gives the shape of the
 * network to each {@code @Test} method of the class (and its {@code @Nested} classes) that takes
 * a {@code LocalNetwork}; a method's own annotation wins.
 *
 * <p>Each test method gets a network of its own, created when a parameter of the test method,
 * or of one of its {@code @BeforeEach}/{@code @AfterEach} methods, first asks for it (they all
 * share it), and started with {@code start().then(awaitConverged())} on the test thread within
 * {@link #timeoutSeconds()}. If it does not start or converge in time, the test fails with a
 * {@link org.junit.jupiter.api.extension.ParameterResolutionException} whose message gives the
 * network's {@link LocalNetwork#progress()} and the cause, and the network is shut down. After
 * the test and its {@code @AfterEach} methods, passed or failed, the network is
 * {@linkplain LocalNetwork#close() closed}. Constructors and {@code @BeforeAll} methods cannot
 * ask for one.
 *
 * <p>The defaults are the seed suite's smallest network: 1 bootnode, 2 nodes, degree 1.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Test
@ExtendWith(LocalNetworkExtension.class)
public @interface LocalNetworkTest {

  /** Bootnodes (K ≥ 1). */
  int bootnodes() default 1;

  /** Nodes that bootstrap from the bootnodes (N ≥ 0). */
  int nodes() default 2;

  /** Outbound peers each node keeps ({@code randcon} ≥ 0). */
  int degree() default 1;

  /** Seeds the identities: the same seed gives the same keys. */
  long seed() default 1;

  /** How long starting and converging may take, in seconds (≥ 1). */
  long timeoutSeconds() default 60;

  /**
   * Changes each node's configuration: a class with a no-argument constructor (it may be
   * private), instantiated once a network. The default, {@code ConfigHook} itself, changes
   * nothing.
   */
  Class<? extends LocalNetwork.ConfigHook> hook() default LocalNetwork.ConfigHook.class;
}
