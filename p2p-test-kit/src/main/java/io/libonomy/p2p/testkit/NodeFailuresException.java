package io.libonomy.p2p.testkit;

import io.libonomy.p2p.api.P2PException;
import io.libonomy.p2p.testkit.LocalNetwork.Node;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The action of {@link LocalNetwork#forAll} or {@link LocalNetwork#forAllAsync} failed on some
 * nodes. {@link #failures()} names each of them with its error, bootnodes first, then by index;
 * the first error is the cause and every error is also {@linkplain #getSuppressed() suppressed},
 * so a test report shows all their stack traces.
 */
public final class NodeFailuresException extends P2PException {

  private static final Comparator<Failure> NETWORK_ORDER =
      Comparator.comparing((Failure f) -> f.node().role()).thenComparingInt(f -> f.node().index());

  private final transient List<Failure> failures;
  private final int attempted;

  private NodeFailuresException(List<Failure> failures, int attempted) {
    super(message(failures, attempted), failures.get(0).error());
    this.failures = failures;
    this.attempted = attempted;
    failures.forEach(f -> addSuppressed(f.error()));
  }

  /** The failures of one run over {@code attempted} nodes, put in network order. */
  static NodeFailuresException of(List<Failure> failures, int attempted) {
    Objects.requireNonNull(failures, "failures");
    if (failures.isEmpty()) {
      throw new IllegalArgumentException("failures must not be empty");
    }
    if (attempted < failures.size()) {
      throw new IllegalArgumentException("attempted must be at least the failures ("
          + failures.size() + "): " + attempted);
    }
    return new NodeFailuresException(failures.stream().sorted(NETWORK_ORDER).toList(), attempted);
  }

  private static String message(List<Failure> failures, int attempted) {
    return failures.size() + " of " + attempted + " nodes failed: "
        + failures.stream().map(Failure::toString).collect(Collectors.joining("; "));
  }

  /** Every node that failed, with its error, bootnodes first, then by index. */
  public List<Failure> failures() {
    return failures;
  }

  /** How many nodes the action ran on, the failed ones included. */
  public int attempted() {
    return attempted;
  }

  /** One node's error. */
  public record Failure(Node node, Throwable error) {
    public Failure {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(error, "error");
    }

    /** {@code NODE 3 (AbCdEfGh…): RequestTimeoutException: the error's message}. */
    @Override
    public String toString() {
      String name = node.role() + " " + node.index() + " (" + node.node().localKey().shortId()
          + "…): " + error.getClass().getSimpleName();
      return error.getMessage() == null ? name : name + ": " + error.getMessage();
    }
  }
}
