/**
 * A small reactive UPnP Internet Gateway Device client: SSDP discovery ({@link Upnp#discover})
 * and the three SOAP actions a node needs ({@link Gateway}). Every send goes through one guard
 * that refuses non-loopback destinations when {@link UpnpOptions#LOOPBACK_ONLY_PROPERTY} is set.
 */
@NullMarked
package io.libonomy.p2p.upnp;

import org.jspecify.annotations.NullMarked;
