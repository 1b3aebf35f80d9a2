/**
 * The {@code p2p} command line application: {@code p2p node} runs a node, {@code p2p send}
 * talks to one. Only {@link io.libonomy.p2p.cli.Main} is public; the commands are
 * package-private picocli classes registered in {@code Main}.
 *
 * <p>Output contract: stdout carries only each command's result (the {@code listening} line,
 * a reply); logs and the single {@code error:} line of a failure go to stderr. See
 * {@code docs/cli.md}.
 */
@NullMarked
package io.libonomy.p2p.cli;

import org.jspecify.annotations.NullMarked;
