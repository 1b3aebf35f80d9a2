package io.libonomy.p2p.net.tcp;

import java.time.Clock;
import java.time.Duration;
import reactor.core.scheduler.Scheduler;

/** What every connection of one transport shares: time, entropy, limits, meters. */
record TransportSettings(
    Clock clock,
    HandshakeEntropy entropy,
    Scheduler cryptoScheduler,
    Duration sessionTimeout,
    int maxFrameSize,
    Duration sendTimeout,
    int maxPendingSends,
    TransportMetrics metrics) {}
