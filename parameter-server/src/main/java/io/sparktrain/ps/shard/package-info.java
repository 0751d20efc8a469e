/**
 * The {@code sharded-ps} transport: a parameter server split into {@code W} shards, each owning
 * one contiguous slice of the flat parameter vector ({@link io.sparktrain.ps.shard.SliceLayout})
 * and the optimizer state of that slice, talking to {@code W} workers over Netty with an explicit,
 * versioned binary frame format and a per-job HMAC handshake. Every step is a reduce-scatter
 * (each worker pushes slice {@code s} of its gradient sum to shard {@code s}) followed by an
 * all-gather (each worker pulls every updated slice). The driver's {@link
 * io.sparktrain.ps.shard.ShardCoordinator} hands the shards their starting slices, takes their
 * final slices back and hears each step's progress, over the same frames and handshake, through a
 * {@link io.sparktrain.ps.shard.CoordinatorClient} on each shard's host. The public API is {@link
 * io.sparktrain.ps.shard.ShardServer}, {@link io.sparktrain.ps.shard.ShardClient}, the coordinator
 * and its client, and their configuration records; framing, authentication, compression and
 * buffer reuse are package-private machinery. Imports no Spark class: a Spark barrier task hosts
 * one server, one client and one coordinator client, and the driver one coordinator.
 */
package io.sparktrain.ps.shard;
