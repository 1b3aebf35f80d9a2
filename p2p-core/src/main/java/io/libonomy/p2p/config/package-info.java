/**
 * Node configuration: the immutable {@link io.libonomy.p2p.config.P2PConfig} record with its
 * defaults and withers, the values it is made of, and
 * {@link io.libonomy.p2p.config.ConfigFile}, which reads it from a TOML file in the seed's
 * layout. Every record validates itself on construction and names the offending key in the
 * seed's TOML form ({@code p2p.tcp-port}).
 */
@NullMarked
package io.libonomy.p2p.config;

import org.jspecify.annotations.NullMarked;
