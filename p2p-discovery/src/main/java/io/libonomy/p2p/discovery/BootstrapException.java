package io.libonomy.p2p.discovery;

import io.libonomy.p2p.api.P2PException;

/**
 * A bootstrap cannot even begin: the address book is empty and no usable bootnode is
 * configured. (A bootstrap whose servers do not answer does not fail: it backs off and tries
 * again until it succeeds or its subscriber cancels.)
 */
public class BootstrapException extends P2PException {

  public BootstrapException(String message) {
    super(message);
  }
}
